//! Sequencing protocols: who must do what before whom.
//!
//! All protocols are the same game with different rules about order. Each is a list of
//! reciprocal steps; a step names the compliance level Iran must reach, the relief level the US must
//! reach, who may move first (one side, either side, or both at once in a move the Europeans
//! choreograph), and whether the sides must first have agreed a roadmap of what "coming back into
//! compliance" means.
//!
//! * `iran_first`: one step to full compliance and full relief; Iran moves, then the US.
//! * `us_first`: the same step; the US moves, then Iran.
//! * `simultaneous`: the same step, choreographed by the mediator as one joint move.
//! * `stepwise`: the reciprocal steps listed in the scenario file ("pragmatic sequencing").
//! * `attrition`: the same single step with no agreed order: either side may concede and move
//!   first (the status quo of early 2021, a war of attrition).

/// Which of the four protocols a scenario plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProtocolKind {
    /// Iran returns to full compliance first; the US then lifts sanctions.
    IranFirst,
    /// The US lifts sanctions first; Iran then returns to compliance.
    UsFirst,
    /// A simultaneous return, choreographed by the Europeans once a roadmap is agreed.
    Simultaneous,
    /// Reciprocal confidence-building steps, as listed in the scenario.
    Stepwise,
    /// No agreed order: either side may concede and perform its half of the full return first.
    Attrition,
}

impl ProtocolKind {
    /// All kinds with their file names.
    pub(crate) const NAMES: [(&'static str, ProtocolKind); 5] = [
        ("iran_first", ProtocolKind::IranFirst),
        ("us_first", ProtocolKind::UsFirst),
        ("simultaneous", ProtocolKind::Simultaneous),
        ("stepwise", ProtocolKind::Stepwise),
        ("attrition", ProtocolKind::Attrition),
    ];

    /// The name used in scenario files.
    pub fn name(self) -> &'static str {
        name_in(&Self::NAMES, self)
    }
}

/// Who may move first within a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Order {
    /// Iran performs its half; the US then reciprocates.
    Iran,
    /// The US performs its half; Iran then reciprocates.
    Us,
    /// Both perform their halves at once, in a move the Europeans choreograph.
    Together,
    /// Either side may concede and perform its half first; the other then reciprocates.
    Either,
}

impl Order {
    /// The orders with their names in scenario files.
    pub(crate) const NAMES: [(&'static str, Order); 4] = [
        ("iran", Order::Iran),
        ("us", Order::Us),
        ("together", Order::Together),
        ("either", Order::Either),
    ];

    /// The name used in scenario files.
    pub(crate) fn name(self) -> &'static str {
        name_in(&Self::NAMES, self)
    }
}

/// The name of `value` in a table of names (tables list every value, so the empty fallback is
/// never shown).
pub(crate) fn name_in<T: Copy + PartialEq>(names: &[(&'static str, T)], value: T) -> &'static str {
    names
        .iter()
        .find(|(_, v)| *v == value)
        .map_or("", |(n, _)| *n)
}

/// One reciprocal step.
#[derive(Clone, Debug)]
pub struct Step {
    /// What the step is, for reports and traces.
    pub(crate) name: String,
    /// Compliance Iran reaches by performing its half (0–1).
    pub(crate) iran_target: f64,
    /// Relief the US reaches by performing its half (0–1).
    pub(crate) us_target: f64,
    /// Who moves first.
    pub(crate) order: Order,
    /// Whether the roadmap must be agreed before either side may perform this step.
    pub(crate) needs_roadmap: bool,
    /// Whether Iran's half restores full IAEA monitoring (the Additional Protocol).
    pub(crate) restores_monitoring: bool,
}

/// Steps are equal when every field is, the levels compared by their bits (so that equal steps
/// are interchangeable in a solve, `-0.0` and `0.0` included).
impl PartialEq for Step {
    fn eq(&self, other: &Step) -> bool {
        self.name == other.name
            && self.iran_target.to_bits() == other.iran_target.to_bits()
            && self.us_target.to_bits() == other.us_target.to_bits()
            && self.order == other.order
            && self.needs_roadmap == other.needs_roadmap
            && self.restores_monitoring == other.restores_monitoring
    }
}

impl Eq for Step {}

/// The protocol a scenario plays: its kind and its steps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Protocol {
    kind: ProtocolKind,
    steps: Vec<Step>,
}

impl Protocol {
    /// A stepwise protocol with the given steps.
    pub(crate) fn stepwise(steps: Vec<Step>) -> Protocol {
        Protocol {
            kind: ProtocolKind::Stepwise,
            steps,
        }
    }

    /// One of the single-package protocols: a single step to full compliance and full relief,
    /// in the order the kind prescribes. `needs_roadmap` says whether the sides must agree on what
    /// compliance means before the package can be implemented.
    pub(crate) fn package(kind: ProtocolKind, needs_roadmap: bool) -> Protocol {
        let (order, name) = match kind {
            ProtocolKind::IranFirst => (
                Order::Iran,
                "Iran returns to full compliance, then the US lifts sanctions",
            ),
            ProtocolKind::UsFirst => (
                Order::Us,
                "US lifts sanctions, then Iran returns to full compliance",
            ),
            ProtocolKind::Attrition => (
                Order::Either,
                "Either side concedes and returns in full first, then the other follows",
            ),
            ProtocolKind::Simultaneous | ProtocolKind::Stepwise => (
                Order::Together,
                "Choreographed simultaneous return to full compliance and full relief",
            ),
        };
        Protocol {
            kind,
            steps: vec![Step {
                name: name.to_string(),
                iran_target: 1.0,
                us_target: 1.0,
                order,
                needs_roadmap,
                restores_monitoring: true,
            }],
        }
    }

    /// Which protocol this is.
    pub fn kind(&self) -> ProtocolKind {
        self.kind
    }

    /// The steps, in order.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// Whether completing every step restores the deal in full.
    pub(crate) fn reaches_full_restoration(&self) -> bool {
        self.steps
            .last()
            .is_some_and(|s| s.iran_target >= 1.0 && s.us_target >= 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for (name, kind) in ProtocolKind::NAMES {
            assert_eq!(kind.name(), name);
        }
    }

    #[test]
    fn packages_restore_fully() {
        for kind in [
            ProtocolKind::IranFirst,
            ProtocolKind::UsFirst,
            ProtocolKind::Simultaneous,
            ProtocolKind::Attrition,
        ] {
            let p = Protocol::package(kind, true);
            assert_eq!(p.steps().len(), 1);
            assert!(p.reaches_full_restoration());
        }
        assert_eq!(
            Protocol::package(ProtocolKind::UsFirst, true).steps()[0].order,
            Order::Us
        );
    }
}
