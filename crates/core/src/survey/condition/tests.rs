//! Properties of the condition language over conditions and answers made at random: judging
//! never panics and follows Kleene's three-valued logic, and a condition written out as a
//! definition file writes it (TOML) reads back as the same condition.

use super::*;
use proptest::collection::vec;
use proptest::prelude::*;

fn literal() -> impl Strategy<Value = Literal> {
    prop_oneof![
        (-3i64..5).prop_map(Literal::Number),
        proptest::prelude::any::<i64>().prop_map(Literal::Number),
        // Texts with what TOML must escape, full-width letters and digits that look like numbers.
        "[a-zA-ZＡ-Ｚ0-9\"\\\\\n 　-]{0,6}".prop_map(Literal::Text),
    ]
}

fn test_of() -> impl Strategy<Value = Test> {
    prop_oneof![
        Just(Test::Yes),
        Just(Test::No),
        literal().prop_map(Test::Equals),
        vec(literal(), 0..4).prop_map(Test::In),
        (0u32..5).prop_map(Test::Contains),
    ]
}

fn id() -> impl Strategy<Value = String> {
    "Q[1-4]"
}

fn column() -> impl Strategy<Value = String> {
    "c[1-3]"
}

fn row_condition() -> impl Strategy<Value = RowCondition> {
    let leaf = (column(), test_of()).prop_map(|(column, test)| RowCondition::Is { column, test });
    leaf.prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..3).prop_map(RowCondition::And),
            vec(inner.clone(), 0..3).prop_map(RowCondition::Or),
            inner.prop_map(|c| RowCondition::Not(Box::new(c))),
        ]
    })
}

fn condition() -> impl Strategy<Value = Condition> {
    let leaf = prop_oneof![
        (id(), test_of()).prop_map(|(question, test)| Condition::Is { question, test }),
        (id(), proptest::option::of(row_condition()))
            .prop_map(|(question, row)| Condition::AnyRow { question, row }),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Condition::And),
            vec(inner.clone(), 0..4).prop_map(Condition::Or),
            inner.prop_map(|c| Condition::Not(Box::new(c))),
        ]
    })
}

fn plain_answer() -> impl Strategy<Value = Answer> {
    prop_oneof![
        proptest::prelude::any::<bool>().prop_map(Answer::YesNo),
        (0u32..5).prop_map(Answer::Choice),
        vec(0u32..5, 0..3).prop_map(Answer::Choices),
        "[a-zA-Zａ-ｚ0-9]{0,3}".prop_map(Answer::Text),
        (-3i64..5).prop_map(Answer::Number),
    ]
}

fn answer() -> impl Strategy<Value = Answer> {
    prop_oneof![
        4 => plain_answer(),
        1 => vec(proptest::collection::btree_map(column(), plain_answer(), 0..3), 0..3).prop_map(Answer::Table),
    ]
}

fn answers() -> impl Strategy<Value = BTreeMap<String, Answer>> {
    proptest::collection::btree_map(id(), answer(), 0..4)
}

/// A condition as a definition file holds it.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Shown {
    show_if: Condition,
}

proptest! {
    #[test]
    fn a_written_condition_reads_back_the_same(condition in condition()) {
        let written = toml::to_string(&Shown { show_if: condition.clone() });
        prop_assert!(written.is_ok(), "{:?}", written);
        let text = written.unwrap_or_default();
        let read: Result<Shown, _> = toml::from_str(&text);
        prop_assert_eq!(read.ok(), Some(Shown { show_if: condition }), "{}", text);
    }

    #[test]
    fn judging_follows_three_valued_logic(c in condition(), d in condition(), given in answers()) {
        let known: Known<'_> = given.iter().map(|(id, a)| (id.as_str(), a)).collect();
        let (a, b) = (c.eval(&known), d.eval(&known));
        let not = |c: &Condition| Condition::Not(Box::new(c.clone()));
        prop_assert_eq!(not(&c).eval(&known), a.map(|v| !v));
        prop_assert_eq!(Condition::And(vec![]).eval(&known), Some(true));
        prop_assert_eq!(Condition::Or(vec![]).eval(&known), Some(false));
        let both = Condition::And(vec![c.clone(), d.clone()]).eval(&known);
        let either = Condition::Or(vec![c.clone(), d.clone()]).eval(&known);
        let kleene_and = match (a, b) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        };
        prop_assert_eq!(both, kleene_and);
        // De Morgan holds in Kleene's logic too.
        prop_assert_eq!(not(&Condition::Or(vec![c.clone(), d.clone()])).eval(&known), Condition::And(vec![not(&c), not(&d)]).eval(&known));
        prop_assert_eq!(either.map(|v| !v), Condition::And(vec![not(&c), not(&d)]).eval(&known));
    }

    #[test]
    fn a_test_on_a_question_nobody_answered_is_unknown(test in test_of()) {
        let condition = Condition::Is { question: "Q9".to_owned(), test };
        prop_assert_eq!(condition.eval(&Known::new()), None);
    }
}
