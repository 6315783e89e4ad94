//! A live state's strategy record: what each number of it is ([`Field`]), where it sits
//! ([`Layout::at`]), and typed access for the solve, which writes records ([`RecordMut`]), and for
//! the trials, which read them (`model::trial`). One definition of the layout, so the writer and
//! the reader cannot disagree about an offset.

use super::super::UsAnswer;
use super::Layout;

/// One number of a strategy record, or the first of a pair (the reciprocating type's, then the
/// exploiting type's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    /// Iran's option `a`: the probability each type takes it (pair).
    IranChoice(usize),
    /// The hardliners' stakes difference (blocked minus done) of Iran's option `option` at veto
    /// node `node`.
    IranStakes {
        /// Iran's option.
        option: usize,
        /// The veto node.
        node: usize,
    },
    /// The US's option `a`: the probability each type takes it (pair).
    UsChoice(usize),
    /// Iran's probability of declaring the deal dead (pair) once the US's option `a`, qualified
    /// relief, is taken.
    UsWalk(usize),
    /// The US's conditional commitment `answer` to a joint move, each type (pair).
    JointCommit(UsAnswer),
    /// Iran commits to a joint move after the US's commitment `answer`, each type (pair).
    JointIranCommits(UsAnswer),
    /// The hardliners' stakes difference of a joint move after the US's commitment `answer`, at
    /// veto node `node`.
    JointStakes {
        /// The US's commitment.
        answer: UsAnswer,
        /// The veto node.
        node: usize,
    },
    /// Iran's probability of declaring the deal dead after a joint move with qualified relief
    /// (pair).
    JointWalk,
    /// The council's probability of keeping monitoring when an extension expires.
    Expiry,
    /// The mover's probability of declaring the deal dead when its first move lapses (pair).
    LapseWalk,
    /// The probability that the awaited side answers the first move in full (pair).
    Answered,
    /// With the values kept (`trace`): Iran's value of waiting (`0`) or of its option `a`
    /// (`a + 1`), each type (pair).
    IranValue(usize),
    /// The same for the US.
    UsValue(usize),
}

/// Numbers per Iranian option: a pair of probabilities, then one stakes difference per node.
fn iran_option_len(nodes: usize) -> usize {
    2 + nodes
}

/// Numbers per US option: a pair of probabilities, then Iran's walk-away pair.
const US_OPTION_LEN: usize = 4;

/// Numbers of the joint move: the US's two commitments, Iran's two answers (pairs), the stakes
/// differences after each commitment at each node, and Iran's walk-away pair.
fn joint_len(nodes: usize) -> usize {
    8 + 2 * nodes + 2
}

impl Layout {
    /// Where `field` sits in a record of this layout (for a pair, its first number).
    pub(crate) fn at(&self, field: Field) -> usize {
        let iran_start = 0;
        let us_start = iran_start + self.iran * iran_option_len(self.nodes);
        let joint_start = us_start + self.us * US_OPTION_LEN;
        let expiry_start = joint_start + if self.joint { joint_len(self.nodes) } else { 0 };
        let lapse_start = expiry_start + usize::from(self.expiry);
        let answered_start = lapse_start + if self.lapse { 2 } else { 0 };
        let iran_values_start = answered_start + if self.pi { 2 } else { 0 };
        let us_values_start = iran_values_start + 2 * (self.iran + 1);
        let commitment = |answer: UsAnswer| 2 * (answer.index().saturating_sub(1));
        match field {
            Field::IranChoice(a) => iran_start + a * iran_option_len(self.nodes),
            Field::IranStakes { option, node } => {
                iran_start + option * iran_option_len(self.nodes) + 2 + node
            }
            Field::UsChoice(a) => us_start + a * US_OPTION_LEN,
            Field::UsWalk(a) => us_start + a * US_OPTION_LEN + 2,
            Field::JointCommit(answer) => joint_start + commitment(answer),
            Field::JointIranCommits(answer) => joint_start + 4 + commitment(answer),
            Field::JointStakes { answer, node } => {
                joint_start + 8 + (commitment(answer) / 2) * self.nodes + node
            }
            Field::JointWalk => joint_start + 8 + 2 * self.nodes,
            Field::Expiry => expiry_start,
            Field::LapseWalk => lapse_start,
            Field::Answered => answered_start,
            Field::IranValue(a) => iran_values_start + 2 * a,
            Field::UsValue(a) => us_values_start + 2 * a,
        }
    }
}

/// A record being written by the solve.
pub(crate) struct RecordMut<'a> {
    out: &'a mut [f32],
    layout: &'a Layout,
}

impl<'a> RecordMut<'a> {
    /// The record `out`, laid out as `layout`.
    pub(crate) fn new(out: &'a mut [f32], layout: &'a Layout) -> RecordMut<'a> {
        RecordMut { out, layout }
    }

    /// Sets the number `field`.
    pub(crate) fn set(&mut self, field: Field, x: f64) {
        self.out[self.layout.at(field)] = x as f32;
    }

    /// Sets the pair `field`: the reciprocating type's number, then the exploiting type's.
    pub(crate) fn set_pair(&mut self, field: Field, [r, e]: [f64; 2]) {
        let at = self.layout.at(field);
        self.out[at] = r as f32;
        self.out[at + 1] = e as f32;
    }
}

/// A record read at one grid point (the solve's warm start).
#[derive(Clone, Copy)]
pub(crate) struct Record<'a> {
    data: &'a [f32],
    layout: &'a Layout,
}

impl<'a> Record<'a> {
    /// The record `data`, laid out as `layout`.
    pub(crate) fn new(data: &'a [f32], layout: &'a Layout) -> Record<'a> {
        Record { data, layout }
    }

    /// The pair `field`.
    pub(crate) fn pair(&self, field: Field) -> [f64; 2] {
        let at = self.layout.at(field);
        [f64::from(self.data[at]), f64::from(self.data[at + 1])]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field of a full layout has its own places, and they fill the record exactly.
    #[test]
    fn fields_tile_the_record() {
        for (q, pi, nodes) in [(true, true, 3), (false, true, 1), (true, false, 1)] {
            let layout = Layout {
                iran: 2,
                us: 2,
                joint: true,
                expiry: true,
                lapse: true,
                pi,
                q,
                nodes,
                len: 0,
            }
            .finish();
            let mut fields: Vec<(Field, usize)> = Vec::new();
            for a in 0..2 {
                fields.push((Field::IranChoice(a), 2));
                for node in 0..nodes {
                    fields.push((Field::IranStakes { option: a, node }, 1));
                }
                fields.push((Field::UsChoice(a), 2));
                fields.push((Field::UsWalk(a), 2));
            }
            for answer in [UsAnswer::Full, UsAnswer::Qualified] {
                fields.push((Field::JointCommit(answer), 2));
                fields.push((Field::JointIranCommits(answer), 2));
                for node in 0..nodes {
                    fields.push((Field::JointStakes { answer, node }, 1));
                }
            }
            fields.extend([
                (Field::JointWalk, 2),
                (Field::Expiry, 1),
                (Field::LapseWalk, 2),
            ]);
            if pi {
                fields.push((Field::Answered, 2));
            }
            if q {
                for a in 0..3 {
                    fields.extend([(Field::IranValue(a), 2), (Field::UsValue(a), 2)]);
                }
            }
            let mut used = vec![0u8; layout.len];
            for (field, width) in &fields {
                for i in 0..*width {
                    used[layout.at(*field) + i] += 1;
                }
            }
            assert!(used.iter().all(|&n| n == 1), "{used:?}");
        }
    }
}
