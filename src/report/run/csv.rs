//! `trials.csv`: one row per trial, streamed as the run goes, for analysis in pandas or R.

use std::io::Write;

use crate::engine::TrialRecord;
use crate::scenario::Scenario;

/// Writes trial records as CSV rows under a header naming every column.
pub struct TrialsCsv<W: Write> {
    writer: csv::Writer<W>,
}

/// The fixed columns, before one column per uncertain parameter.
pub(crate) const FIXED_COLUMNS: [&str; 10] = [
    "trial",
    "outcome",
    "end_date",
    "end_day",
    "cause",
    "collapse_trigger",
    "steps_completed",
    "hardliner_president",
    "payoff_iran",
    "payoff_us",
];

fn io(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}

impl<W: Write> TrialsCsv<W> {
    /// Starts the file with its header: the fixed columns, then the path of each uncertain
    /// parameter of `scenario` (the value drawn for that trial).
    pub fn new(out: W, scenario: &Scenario) -> std::io::Result<TrialsCsv<W>> {
        let mut writer = csv::Writer::from_writer(out);
        let header = FIXED_COLUMNS
            .iter()
            .map(std::string::ToString::to_string)
            .chain(scenario.uncertain().iter().map(|u| u.path.clone()));
        writer.write_record(header).map_err(io)?;
        Ok(TrialsCsv { writer })
    }

    /// Appends one row per record.
    pub fn write(&mut self, scenario: &Scenario, records: &[TrialRecord]) -> std::io::Result<()> {
        let cal = scenario.calendar();
        for rec in records {
            let r = &rec.result;
            let mut row = vec![
                rec.trial.to_string(),
                r.outcome.name().to_string(),
                cal.date_at(r.end_day.floor() as u32).to_string(),
                format!("{:.3}", r.end_day),
                r.cause.map_or(String::new(), |c| c.name().to_string()),
                r.collapse_trigger
                    .map_or(String::new(), |t| t.name().to_string()),
                r.steps_completed.to_string(),
                r.hardliner_president
                    .map_or(String::new(), |h| h.to_string()),
                format!("{:.4}", r.payoffs.iran),
                format!("{:.4}", r.payoffs.us),
            ];
            row.extend(rec.drawn.iter().map(|x| format!("{x}")));
            self.writer.write_record(&row).map_err(io)?;
        }
        Ok(())
    }

    /// Flushes everything written.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}
