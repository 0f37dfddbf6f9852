//! The start list on the home page: the first day's steps in order, each judged from what is
//! stored (台帳 → システム・事業者・バックアップ・連絡体制図 → 自己点検 → 印刷).

use crate::register::Register;

/// One step of the first day, in the order a newcomer takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartStep {
    Ledger,
    Registers,
    Checklist,
    Print,
}

/// How far a step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    Done,
    /// Begun, not finished (this year's checklist with answers still missing).
    Started,
    /// Nothing is missing for it, but doing it leaves no record (printing).
    Ready,
    Todo,
}

/// What the start list is judged from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StartFacts {
    pub assets: i64,
    /// The registers of the second step that hold no entry yet.
    pub empty_registers: Vec<Register>,
    /// The current year's assessment, if one was started.
    pub checklist: Option<ChecklistFacts>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChecklistFacts {
    pub id: i64,
    /// Every slot answered and no draft left.
    pub answered: bool,
    /// Answered, dated, nothing missing for the inspector's copy.
    pub complete: bool,
}

/// The registers the second step asks for, in the order they are shown.
pub const SECOND_STEP_REGISTERS: [Register; 4] =
    [Register::Systems, Register::Vendors, Register::Backups, Register::Contacts];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartItem {
    pub step: StartStep,
    pub state: StepState,
    /// Where the step is done.
    pub href: String,
    /// For the registers step: each register and whether it holds an entry.
    pub parts: Vec<(Register, bool)>,
}

impl StartItem {
    pub fn message_key(&self) -> &'static str {
        match self.step {
            StartStep::Ledger => "dashboard.start_ledger",
            StartStep::Registers => "dashboard.start_registers",
            StartStep::Checklist => "dashboard.start_checklist",
            StartStep::Print => "dashboard.start_print",
        }
    }

    pub fn done(&self) -> bool {
        self.state == StepState::Done
    }
}

fn state(done: bool) -> StepState {
    if done { StepState::Done } else { StepState::Todo }
}

/// The four steps, each judged from the facts; the first always leads to the ledger.
pub fn start_list(facts: &StartFacts) -> Vec<StartItem> {
    let parts: Vec<(Register, bool)> =
        SECOND_STEP_REGISTERS.iter().map(|r| (*r, !facts.empty_registers.contains(r))).collect();
    let checklist_href =
        facts.checklist.map_or("/assessments".to_owned(), |c| format!("/assessments/{}", c.id));
    let print = match facts.checklist {
        Some(c) if c.complete => (StepState::Ready, format!("/assessments/{}/print", c.id)),
        _ => (StepState::Todo, checklist_href.clone()),
    };
    vec![
        StartItem {
            step: StartStep::Ledger,
            state: state(facts.assets > 0),
            href: "/ledger".into(),
            parts: vec![],
        },
        StartItem {
            step: StartStep::Registers,
            state: state(parts.iter().all(|(_, filled)| *filled)),
            href: "/registers".into(),
            parts,
        },
        StartItem {
            step: StartStep::Checklist,
            state: match facts.checklist {
                Some(c) if c.answered => StepState::Done,
                Some(_) => StepState::Started,
                None => StepState::Todo,
            },
            href: checklist_href,
            parts: vec![],
        },
        StartItem { step: StartStep::Print, state: print.0, href: print.1, parts: vec![] },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_install_has_every_step_to_do_and_starts_at_the_ledger() {
        let list = start_list(&StartFacts {
            empty_registers: SECOND_STEP_REGISTERS.to_vec(),
            ..StartFacts::default()
        });
        let steps: Vec<_> = list.iter().map(|i| (i.step, i.state)).collect();
        assert_eq!(
            steps,
            [
                (StartStep::Ledger, StepState::Todo),
                (StartStep::Registers, StepState::Todo),
                (StartStep::Checklist, StepState::Todo),
                (StartStep::Print, StepState::Todo),
            ]
        );
        assert_eq!(list[0].href, "/ledger");
        assert_eq!(list[2].href, "/assessments");
    }

    #[test]
    fn the_registers_step_needs_all_four_registers() {
        let facts = StartFacts { assets: 3, empty_registers: vec![Register::Backups], checklist: None };
        let list = start_list(&facts);
        assert!(list[0].done());
        assert_eq!(list[1].state, StepState::Todo);
        assert!(list[1].parts.contains(&(Register::Backups, false)));
        assert!(list[1].parts.contains(&(Register::Systems, true)));
    }

    #[test]
    fn a_complete_checklist_is_ready_to_print() {
        let checklist = Some(ChecklistFacts { id: 7, answered: true, complete: true });
        let list = start_list(&StartFacts { assets: 1, empty_registers: vec![], checklist });
        assert!(list.iter().take(3).all(StartItem::done));
        assert_eq!((list[3].state, list[3].href.as_str()), (StepState::Ready, "/assessments/7/print"));
        let answered = Some(ChecklistFacts { id: 7, answered: true, complete: false });
        let list = start_list(&StartFacts { checklist: answered, ..StartFacts::default() });
        assert_eq!((list[3].state, list[3].href.as_str()), (StepState::Todo, "/assessments/7"));
        let begun = Some(ChecklistFacts { id: 7, answered: false, complete: false });
        assert_eq!(
            start_list(&StartFacts { checklist: begun, ..StartFacts::default() })[2].state,
            StepState::Started
        );
    }
}
