//! How a register's fields are described: one table per register drives the form, the
//! import's header matching, validation and the export columns.

use crate::text::to_half_width;

/// One value of a closed vocabulary: its stored code, its Japanese name, other spellings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub code: &'static str,
    pub ja: &'static str,
    pub synonyms: &'static [&'static str],
}

impl Choice {
    /// The choice a text names: its code, its Japanese name or a synonym (half-width, any case,
    /// spaces ignored).
    pub fn find(choices: &'static [Choice], input: &str) -> Option<&'static Choice> {
        let wanted = squash(input);
        choices.iter().find(|c| {
            squash(c.code) == wanted
                || squash(c.ja) == wanted
                || c.synonyms.iter().any(|s| squash(s) == wanted)
        })
    }

    pub fn by_code(choices: &'static [Choice], code: &str) -> Option<&'static Choice> {
        choices.iter().find(|c| c.code == code)
    }
}

fn squash(s: &str) -> String {
    to_half_width(s).to_lowercase().replace([' ', '　'], "")
}

/// How a field is entered and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// One line, at most this many characters.
    Text(usize),
    /// Several lines.
    Long,
    Date,
    YesNo,
    /// A whole number within the bounds.
    Number(i64, i64),
    Choice(&'static [Choice]),
    /// Names of other records (管理番号, 事業者名 …), separated by 、 , or new lines.
    List,
}

/// A register field's name as the compiler knows it: each register's table declares one
/// constant per field (`systems::NAME`), so a misspelt field does not build. Only
/// [`register_table!`] makes them.
///
/// ```
/// use iryosec_core::register::{Record, systems};
/// assert_eq!(Record::default().text(systems::NAME), "");
/// ```
///
/// A field name typed as text, or misspelt, does not build:
///
/// ```compile_fail
/// use iryosec_core::register::Record;
/// Record::default().text("name");
/// ```
///
/// ```compile_fail
/// use iryosec_core::register::{Record, systems};
/// Record::default().text(systems::NAEM);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Field(&'static str);

impl Field {
    pub(in crate::register) const fn declared(code: &'static str) -> Field {
        Field(code)
    }

    /// The stored name (the JSON key and the English export header).
    pub const fn code(self) -> &'static str {
        self.0
    }
}

/// One field of a register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// Stored name and English export header.
    pub code: &'static str,
    /// Header spellings found in real spreadsheets, the Japanese export header first.
    pub names: &'static [&'static str],
    pub input: Input,
    pub required: bool,
}

impl FieldSpec {
    /// The typed name of this field, for code that walks a whole table.
    pub const fn field(&self) -> Field {
        Field(self.code)
    }

    pub fn label_ja(&self) -> &'static str {
        self.names.first().copied().unwrap_or(self.code)
    }
}

/// Shorthand for the field tables.
pub const fn field(code: &'static str, names: &'static [&'static str], input: Input) -> FieldSpec {
    FieldSpec { code, names, input, required: false }
}

pub const fn required(code: &'static str, names: &'static [&'static str], input: Input) -> FieldSpec {
    FieldSpec { code, names, input, required: true }
}

/// One line of text of ordinary length.
pub const LINE: Input = Input::Text(100);

/// Declares a register's field table and, beside it, a module of typed field names, from one
/// line per field: `NAME = required("name", &["システム名", …], LINE),` gives the table entry
/// and `names::NAME`.
macro_rules! register_table {
    ($(#[$doc:meta])* $table:ident, $names:ident {
        $($constant:ident = $make:ident($code:literal, $($rest:tt)*)),+ $(,)?
    }) => {
        $(#[$doc])*
        pub const $table: &[FieldSpec] = &[$($make($code, $($rest)*)),+];

        #[doc = concat!("The typed names of the fields of [`", stringify!($table), "`].")]
        pub mod $names {
            use $crate::register::Field;
            $(pub const $constant: Field = Field::declared($code);)+
        }
    };
}
pub(super) use register_table;
