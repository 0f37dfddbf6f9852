//! Opening an Excel workbook safely. An .xlsx file is a zip of XML parts; before calamine
//! unpacks anything, the zip's table of contents is checked against [`LIMITS`]: how many parts,
//! how large each says it unpacks to, all of them together, and how much smaller than that it
//! is packed. The `zip` crate calamine reads with stops a part that unpacks beyond its declared
//! size (a test below keeps it so), so the declared sizes are a real bound. Every sheet is then
//! scanned once for cell references that calamine cannot hold ([`references`]).

use crate::cells::column_letter;
use crate::limits::Budget;
use crate::limits::{LIMITS, size_text};
use calamine::{Cell, Data, DataRef, DataType, Range, Reader, Xlsx, open_workbook_from_rs};
use iryosec_core::CancelToken;
use iryosec_core::Message;
use std::io::{Cursor, Read};

/// A zip's local file header, which every .xlsx starts with.
pub const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

pub type Workbook<'a> = Xlsx<Cursor<&'a [u8]>>;

/// Checks the workbook's parts, then opens it.
pub fn open(bytes: &[u8]) -> Result<Workbook<'_>, Message> {
    check_parts(bytes)?;
    open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| unreadable())
}

/// What a calamine or zip error means for the person: a broken workbook. The parser's own
/// words (English, about XML) would not help them.
pub fn unreadable() -> Message {
    Message::new("io.error.xlsx_broken")
}

/// A form-like sheet (an assessment sheet, an edition template) as a grid from its first to its
/// last filled cell; `None` when the workbook has no sheet of that name. Filled cells pass the
/// same limits as a table's, and the grid may span at most [`LIMITS`]`.grid_cells`.
pub fn grid(wb: &mut Workbook<'_>, sheet: &str) -> Result<Option<Range<Data>>, Message> {
    if !wb.sheet_names().iter().any(|n| n == sheet) {
        return Ok(None);
    }
    let never = CancelToken::never();
    let mut budget = Budget::new(&never);
    let mut reader = wb.worksheet_cells_reader(sheet).map_err(|_| unreadable())?;
    let mut cells = Vec::new();
    let (mut top, mut bottom, mut left, mut right) = (u32::MAX, 0, u32::MAX, 0);
    while let Some(cell) = reader.next_cell().map_err(|_| unreadable())? {
        let (r, c) = cell.get_position();
        let value = cell.get_value();
        if value.is_empty() {
            continue;
        }
        let text = string_of(value);
        let place = || format!("{sheet}!{}{}", column_letter(c as usize), u64::from(r) + 1);
        budget.cell(c as usize, text, &place)?;
        (top, bottom, left, right) = (top.min(r), bottom.max(r), left.min(c), right.max(c));
        cells.push(Cell::new((r, c), Data::from(value.clone())));
    }
    let span = (u64::from(bottom.saturating_sub(top)) + 1) * (u64::from(right.saturating_sub(left)) + 1);
    if !cells.is_empty() && span > LIMITS.grid_cells as u64 {
        return Err(Message::new("io.error.grid_too_large")
            .arg("sheet", sheet)
            .arg("max", LIMITS.grid_cells));
    }
    Ok(Some(Range::from_sparse(cells)))
}

/// A cell's text when it holds text (the only cells whose length a file controls).
pub(crate) fn string_of<'v>(value: &'v DataRef<'_>) -> &'v str {
    match value {
        DataRef::SharedString(s) => s,
        DataRef::String(s) => s,
        _ => "",
    }
}

fn check_parts(bytes: &[u8]) -> Result<(), Message> {
    let entries = declared_entries(bytes).ok_or_else(|| Message::new("io.error.not_xlsx"))?;
    if entries > LIMITS.zip_entries {
        return Err(too_many_parts(entries));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Message::new("io.error.not_xlsx"))?;
    if zip.len() as u64 > LIMITS.zip_entries {
        return Err(too_many_parts(zip.len() as u64));
    }
    let mut total: u64 = 0;
    let mut shared_strings = None;
    let mut sheets = Vec::new();
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(|_| unreadable())?;
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        let (size, packed) = (part.size(), part.compressed_size());
        if size > LIMITS.zip_entry_bytes {
            return Err(unpacks_too_large(&name, size, LIMITS.zip_entry_bytes));
        }
        if size > LIMITS.zip_ratio_from && size / packed.max(1) > LIMITS.zip_ratio {
            return Err(Message::new("io.error.zip_ratio")
                .arg("part", &name)
                .arg("ratio", size / packed.max(1))
                .arg("max", LIMITS.zip_ratio));
        }
        total = total.saturating_add(size);
        if total > LIMITS.zip_total_bytes {
            return Err(unpacks_too_large("*", total, LIMITS.zip_total_bytes));
        }
        let lower = name.to_ascii_lowercase();
        if lower.ends_with("sharedstrings.xml") {
            shared_strings = Some((i, size));
        }
        if lower.starts_with("xl/worksheets/") && lower.ends_with(".xml") {
            sheets.push(i);
        }
    }
    if let Some((i, size)) = shared_strings {
        check_shared_string_count(&mut zip, i, size)?;
    }
    for i in sheets {
        let part = zip.by_index(i).map_err(|_| unreadable())?;
        if let Some(reference) = references::overflowing(part).map_err(|_| unreadable())? {
            return Err(Message::new("io.error.cell_reference").arg("reference", reference));
        }
    }
    Ok(())
}

fn too_many_parts(count: u64) -> Message {
    Message::new("io.error.zip_entries").arg("count", count).arg("max", LIMITS.zip_entries)
}

fn unpacks_too_large(part: &str, size: u64, max: u64) -> Message {
    Message::new("io.error.zip_unpacked")
        .arg("part", part)
        .arg("size", size_text(size))
        .arg("max", size_text(max))
}

/// The shared strings announce how many they are, and calamine reserves room for that many
/// before reading one: a count the part cannot hold (every string takes at least `<si/>`, five
/// bytes) or beyond the cell limit is refused.
fn check_shared_string_count(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    size: u64,
) -> Result<(), Message> {
    let mut head = Vec::with_capacity(4096);
    let part = zip.by_index(index).map_err(|_| unreadable())?;
    part.take(4096).read_to_end(&mut head).map_err(|_| unreadable())?;
    let text = String::from_utf8_lossy(&head);
    let Some(count) = attribute_number(&text, "uniqueCount") else { return Ok(()) };
    if count > (LIMITS.cells as u64).min(size / 5 + 1) {
        return Err(Message::new("io.error.shared_strings").arg("count", count).arg("max", LIMITS.cells));
    }
    Ok(())
}

/// The number in `name="123"` in the first tag that has it.
fn attribute_number(text: &str, name: &str) -> Option<u64> {
    let at = text.find(&format!("{name}=\""))? + name.len() + 2;
    let digits: String = text.get(at..)?.chars().take_while(char::is_ascii_digit).collect();
    // More digits than a u64 holds is more than any limit.
    Some(digits.parse().unwrap_or(u64::MAX))
}

/// How many parts the zip's end record says it has (the zip64 record's count when the plain
/// one is saturated); `None` when there is no end record, so no zip.
fn declared_entries(bytes: &[u8]) -> Option<u64> {
    const END: &[u8] = b"PK\x05\x06";
    const END64_LOCATOR: &[u8] = b"PK\x06\x07";
    const END64: &[u8] = b"PK\x06\x06";
    // The end record is 22 bytes and a comment of at most 65,535, at the very end.
    let from = bytes.len().saturating_sub(22 + 65_535);
    let at = from + bytes.get(from..)?.windows(4).rposition(|w| w == END)?;
    let count = u64::from(u16::from_le_bytes([*bytes.get(at + 10)?, *bytes.get(at + 11)?]));
    if count != 0xFFFF {
        return Some(count);
    }
    let locator = at.checked_sub(20)?;
    if bytes.get(locator..locator + 4)? != END64_LOCATOR {
        return Some(count);
    }
    let end64 = usize::try_from(u64_at(bytes, locator + 8)?).ok()?;
    if bytes.get(end64..end64 + 4)? != END64 {
        return None;
    }
    u64_at(bytes, end64 + 32)
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

mod references;

#[cfg(test)]
mod tests;
