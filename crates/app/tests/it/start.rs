//! The home page's start list, from an empty install and from the demo.
use super::*;
use iryosec_core::start::{StartStep, StepState};

#[tokio::test]
async fn a_new_install_starts_at_the_ledger_with_nothing_ticked() {
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    let list = t.app.start_list(inst.id).await.unwrap();
    let steps: Vec<_> = list.iter().map(|i| i.step).collect();
    assert_eq!(steps, [StartStep::Ledger, StartStep::Registers, StartStep::Checklist, StartStep::Print]);
    assert!(list.iter().all(|i| i.state == StepState::Todo), "{list:?}");
    assert_eq!(list[0].href, "/ledger");
    assert!(list[1].parts.iter().all(|(_, filled)| !filled));
}

#[tokio::test]
async fn the_demo_shows_the_start_list_done_up_to_the_print() {
    let t = app().await;
    let demo = t.app.load_demo().await.unwrap();
    let this_year = t.app.assessments(demo.id).await.unwrap()[0].id;
    let list = t.app.start_list(demo.id).await.unwrap();
    let states: Vec<_> = list.iter().map(|i| i.state).collect();
    assert_eq!(states, [StepState::Done, StepState::Done, StepState::Done, StepState::Ready], "{list:?}");
    assert_eq!(list[3].href, format!("/assessments/{this_year}/print"), "this year's copy is ready to print");
}
