//! Charts over the calendar: the time axis of a scenario (month ticks, dated events, the campaign
//! window, Board meetings), the chart that draws it, and cumulative curves over it.

use plotters::prelude::*;

use super::axes::{Chart2d, nice_ticks, percent_tick, plain_chart, x_labels, y_axis};
use super::frame::{Area, err, footer};
use super::legend::{LegendItem, Swatch, legend_band, triangle};
use super::palette::{GRID, INK, MUTED, SHADE, rgb};
use super::series::{SeriesStyle, draw_styled};
use super::text::{Align, Style, TextLayer, Valign, isolate, width};
use crate::model::calendar::{Calendar, Date};
use crate::scenario::Scenario;

/// A vertical marker at a calendar date.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Marker {
    /// Position in steps (fractional: the date within its step).
    pub(crate) x: f64,
    /// Label.
    pub(crate) label: String,
}

/// A shaded window of the calendar.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Window {
    /// Start, in steps.
    pub(crate) from: f64,
    /// End, in steps.
    pub(crate) to: f64,
}

/// A curve over the calendar.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Curve {
    /// Legend label.
    pub(crate) label: String,
    /// Colour, dash and marker.
    pub(crate) style: SeriesStyle,
    /// Value at the end of each step.
    pub(crate) values: Vec<f64>,
}

/// The calendar's axis and events, shared by every chart over time.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TimeAxis {
    /// Number of steps.
    pub(crate) steps: usize,
    /// Tick positions (in steps) and their date labels.
    pub(crate) ticks: Vec<(f64, String)>,
    /// Dated events.
    pub(crate) markers: Vec<Marker>,
    /// Shaded windows.
    pub(crate) windows: Vec<Window>,
    /// Positions of IAEA Board meetings.
    pub(crate) board_meetings: Vec<f64>,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Position of `date` on the step axis: steps since the start, fractional within a step.
pub(crate) fn position(cal: &Calendar, date: Date) -> f64 {
    cal.start().days_until(date) as f64 / f64::from(cal.step_days())
}

/// Month-start ticks, at most `max` of them, every 1, 2, 3, 6, 12… months.
pub(crate) fn date_ticks(cal: &Calendar, max: usize) -> Vec<(f64, String)> {
    let end = position(cal, cal.end());
    let months = (end * f64::from(cal.step_days()) / 30.44).ceil() as i32;
    let max = max.max(2) as i32;
    let every = [1, 2, 3, 6, 12, 24, 60]
        .into_iter()
        .find(|e| months / e < max)
        .unwrap_or(120);
    let (y, m, _) = cal.start().ymd();
    let mut first = Date::from_ymd(y, m, 1).unwrap_or(cal.start());
    if first < cal.start() {
        first = first.add_months(1);
    }
    // Align to multiples of `every` months in the year (Jan, Apr, Jul, Oct for quarters).
    while (first.ymd().1 as i32 - 1) % every != 0 {
        first = first.add_months(1);
    }
    let mut ticks = Vec::new();
    let mut d = first;
    while position(cal, d) <= end {
        let (y, m, _) = d.ymd();
        ticks.push((position(cal, d), format!("{} {y}", MONTHS[m as usize - 1])));
        d = d.add_months(every);
    }
    ticks
}

/// The calendar axis of a scenario with at most `max_ticks` date ticks: the election, the
/// inauguration, the IAEA deadline, the campaign window and Board meetings.
pub(crate) fn time_axis(scenario: &Scenario, max_ticks: usize) -> TimeAxis {
    let cal = scenario.calendar();
    let end = position(cal, cal.end());
    let inside = |x: f64| (0.0..=end).contains(&x);
    let mut markers = Vec::new();
    let mut windows = Vec::new();
    if let Some(e) = scenario.schedule().election {
        let (c, v, i) = (
            position(cal, e.campaign_start),
            position(cal, e.election),
            position(cal, e.inauguration),
        );
        if v > c {
            windows.push(Window {
                from: c.max(0.0),
                to: v.min(end),
            });
        }
        markers.push(Marker {
            x: v,
            label: format!("election {}", short_date(e.election)),
        });
        markers.push(Marker {
            x: i,
            label: format!("inauguration {}", short_date(e.inauguration)),
        });
    }
    if let Some((d, _)) = scenario.schedule().monitoring_deadline {
        markers.push(Marker {
            x: position(cal, d),
            label: format!("IAEA deadline {}", short_date(d)),
        });
    }
    markers.retain(|m| inside(m.x));
    markers.sort_by(|a, b| a.x.total_cmp(&b.x));
    TimeAxis {
        steps: cal.steps(),
        ticks: date_ticks(cal, max_ticks),
        markers,
        windows,
        board_meetings: scenario
            .schedule()
            .board_meetings
            .iter()
            .map(|(d, _)| position(cal, *d))
            .filter(|x| inside(*x))
            .collect(),
    }
}

fn short_date(d: Date) -> String {
    let (_, m, day) = d.ymd();
    format!("{day} {}", MONTHS[m as usize - 1])
}

/// Options of [`time_chart`].
pub(crate) struct TimeChartStyle<'f> {
    /// Range of the y axis.
    pub(crate) y_range: (f64, f64),
    /// Formats y tick labels.
    pub(crate) y_format: &'f dyn Fn(f64) -> String,
    /// At most this many y ticks.
    pub(crate) y_ticks: usize,
    /// Size of tick labels.
    pub(crate) label_size: f32,
    /// Pixels above the plot reserved for event labels (0 leaves events unlabelled).
    pub(crate) event_label_space: u32,
    /// Pixels left of the plot for y labels.
    pub(crate) y_label_area: u32,
}

/// Builds a chart whose x axis is the calendar: month ticks, shaded windows, dashed event lines
/// and, when there is room, event labels staggered above the plot so they never sit on the data.
pub(crate) fn time_chart<'a, 'b>(
    area: &'a Area<'b>,
    text: &mut TextLayer,
    axis: &TimeAxis,
    style: &TimeChartStyle<'_>,
) -> Result<Chart2d<'a, 'b>, String> {
    let (ylo, yhi) = style.y_range;
    let mut chart = plain_chart(
        area,
        0.0..axis.steps as f64,
        ylo..yhi,
        (
            style.y_label_area,
            (style.label_size * 2.2) as u32,
            style.event_label_space + 8,
            28,
        ),
    )?;
    for w in &axis.windows {
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(w.from, ylo), (w.to, yhi)],
                rgb(SHADE).mix(0.35).filled(),
            )))
            .map_err(err)?;
    }
    y_axis(
        text,
        &mut chart,
        &nice_ticks(ylo, yhi, style.y_ticks),
        style.y_format,
        style.label_size,
    )?;
    for (x, _) in &axis.ticks {
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(*x, ylo), (*x, yhi)],
                rgb(GRID),
            )))
            .map_err(err)?;
    }
    x_labels(area, text, &chart, &axis.ticks, style.label_size)?;
    for m in &axis.markers {
        chart
            .draw_series(
                dashed(m.x, ylo, yhi, 28)
                    .into_iter()
                    .map(|seg| PathElement::new(seg, rgb(MUTED).stroke_width(1))),
            )
            .map_err(err)?;
    }
    if style.event_label_space > 0 {
        label_events(area, text, &chart, axis, style.event_label_space)?;
    }
    Ok(chart)
}

/// Segments of a dashed vertical line at `x` from `ylo` to `yhi`.
fn dashed(x: f64, ylo: f64, yhi: f64, dashes: usize) -> Vec<Vec<(f64, f64)>> {
    let step = (yhi - ylo) / dashes as f64;
    (0..dashes)
        .map(|i| {
            let y0 = ylo + step * i as f64;
            vec![(x, y0), (x, y0 + step * 0.55)]
        })
        .collect()
}

/// Writes each event's label above the plot, on the lowest row where it does not overlap another
/// label, with a thin connector down to its line.
fn label_events(
    area: &Area<'_>,
    text: &mut TextLayer,
    chart: &Chart2d<'_, '_>,
    axis: &TimeAxis,
    space: u32,
) -> Result<(), String> {
    let style = Style::new(13.0, false, INK);
    let row_height = 18;
    // Board meetings are marked in a strip just above the plot: the labels go above it.
    let lift = if axis.board_meetings.is_empty() {
        0
    } else {
        16
    };
    let rows = ((space as i32 - lift) / row_height).max(1) as usize;
    let (ax, ay) = area.get_base_pixel();
    let (area_width, _) = area.dim_in_pixel();
    let yhi = chart.y_range().end;
    let mut occupied: Vec<Vec<(i32, i32)>> = vec![Vec::new(); rows];
    for m in &axis.markers {
        let (px, top) = chart.backend_coord(&(m.x, yhi));
        let w = width(&m.label, &style).ceil() as i32;
        let left = (px - w / 2).clamp(ax + 2, ax + area_width as i32 - w - 2);
        let span = (left - 8, left + w + 8);
        let row = (0..rows)
            .find(|&r| occupied[r].iter().all(|&(a, b)| span.1 < a || span.0 > b))
            .unwrap_or(rows - 1);
        occupied[row].push(span);
        let y = top - 4 - lift - row_height * (row as i32 + 1);
        area.draw(&PathElement::new(
            vec![(px - ax, y - ay + row_height - 3), (px - ax, top - ay)],
            rgb(MUTED).stroke_width(1),
        ))
        .map_err(err)?;
        text.add(m.label.clone(), (left, y), style);
    }
    Ok(())
}

/// Draws cumulative curves over the calendar with a legend above, a y-axis title and `note`
/// below: the run report's timeline and the comparison's. The curves are drawn as exact steps
/// (a value holds through its week and changes at the week's end), so a curve that never falls
/// never appears to, and the IAEA Board meetings are marked just above the plot.
pub(crate) fn draw_timeline(
    area: &Area<'_>,
    text: &mut TextLayer,
    axis: &TimeAxis,
    curves: &[Curve],
    note: &str,
) -> Result<(), String> {
    let mut items: Vec<LegendItem> = curves
        .iter()
        .map(|c| {
            let last = c.values.last().copied().unwrap_or(0.0);
            (
                format!(
                    "{} ({:.1}% at the horizon)",
                    isolate(&c.label),
                    100.0 * last
                ),
                c.style.color,
                Swatch::Series(c.style),
            )
        })
        .collect();
    if !axis.windows.is_empty() {
        items.push(("Iran's campaign".to_string(), SHADE, Swatch::Light));
    }
    if !axis.board_meetings.is_empty() {
        items.push(("IAEA Board meeting".to_string(), MUTED, Swatch::Triangle));
    }
    let area = legend_band(area, text, &items)?;
    let area = footer(
        &area,
        text,
        &format!("{note}; dashed lines mark key dates."),
    );
    let top = curves
        .iter()
        .flat_map(|c| c.values.iter().copied())
        .fold(0.0, f64::max);
    let ymax = ((top * 1.12) * 20.0).ceil() / 20.0;
    let style = TimeChartStyle {
        y_range: (0.0, ymax.clamp(0.05, 1.0)),
        y_format: &percent_tick,
        y_ticks: 6,
        label_size: 15.0,
        event_label_space: 70,
        y_label_area: 84,
    };
    let chart = time_chart(&area, text, axis, &style)?;
    let (ax, ay) = area.get_base_pixel();
    let (left, top_px) = chart.backend_coord(&(0.0, style.y_range.1));
    let (_, bottom_px) = chart.backend_coord(&(0.0, style.y_range.0));
    text.add(
        "share of all trials",
        (left - 66, (top_px + bottom_px) / 2),
        Style::new(15.0, false, MUTED)
            .at(Align::Center, Valign::Middle)
            .vertical(),
    );
    for (i, c) in curves.iter().enumerate() {
        let points: Vec<(i32, i32)> = step_points(&c.values)
            .into_iter()
            .map(|p| {
                let (x, y) = chart.backend_coord(&p);
                (x - ax, y - ay)
            })
            .collect();
        // Markers staggered per curve, so that neighbouring curves' markers do not coincide.
        let offset = 30.0 + 17.0 * (i % 6) as f64;
        draw_styled(&area, &points, c.style, 3, (offset, 110.0))?;
    }
    // Board meetings: small triangles in the strip just above the plot, off the data and the axis.
    for &x in &axis.board_meetings {
        let (px, _) = chart.backend_coord(&(x, style.y_range.1));
        area.draw(&triangle((px - ax, top_px - ay - 13), rgb(MUTED)))
            .map_err(err)?;
    }
    Ok(())
}

/// The corners of a step line through cumulative `values`, the value reached by the end of step
/// i plotted at i + 1: flat through each step, rising at its end.
pub(crate) fn step_points(values: &[f64]) -> Vec<(f64, f64)> {
    let mut points = vec![(0.0, 0.0)];
    let mut previous = 0.0;
    for (i, &v) in values.iter().enumerate() {
        let x = (i + 1) as f64;
        points.push((x, previous));
        if v != previous {
            points.push((x, v));
        }
        previous = v;
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::source::ScenarioSource;

    fn baseline() -> Scenario {
        ScenarioSource::baseline().unwrap().build().unwrap()
    }

    #[test]
    fn time_axis_marks_the_calendar() {
        let axis = time_axis(&baseline(), 10);
        let labels: Vec<&str> = axis.markers.iter().map(|m| m.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "IAEA deadline 23 May",
                "election 18 Jun",
                "inauguration 3 Aug"
            ]
        );
        assert_eq!(axis.windows.len(), 1);
        assert!(axis.windows[0].from < axis.windows[0].to);
        assert_eq!(axis.board_meetings.len(), 6);
        assert!(axis.ticks.len() <= 10);
    }

    #[test]
    fn cumulative_curves_are_exact_steps() {
        let points = step_points(&[0.0, 0.25, 0.25, 0.5]);
        assert_eq!(
            points,
            [
                (0.0, 0.0),
                (1.0, 0.0),
                (2.0, 0.0),
                (2.0, 0.25),
                (3.0, 0.25),
                (4.0, 0.25),
                (4.0, 0.5)
            ]
        );
        // Every piece is horizontal or vertical, and no piece goes down.
        assert!(
            points
                .windows(2)
                .all(|w| (w[0].0 == w[1].0 || w[0].1 == w[1].1) && w[1].1 >= w[0].1)
        );
    }

    #[test]
    fn quarterly_ticks_over_eighteen_months() {
        let cal = Calendar::for_horizon(Date::from_ymd(2021, 3, 1).unwrap(), 7, 18);
        let ticks = date_ticks(&cal, 7);
        let labels: Vec<&str> = ticks.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Apr 2021", "Jul 2021", "Oct 2021", "Jan 2022", "Apr 2022", "Jul 2022"
            ]
        );
        assert!((ticks[0].0 - 31.0 / 7.0).abs() < 1e-9);
        let few = date_ticks(&cal, 4);
        let labels: Vec<&str> = few.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["Jul 2021", "Jan 2022", "Jul 2022"]);
        assert!(date_ticks(&cal, 12).len() <= 12);
    }
}
