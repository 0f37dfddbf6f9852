//! Hostile and broken files, built on demand for the tests and the benchmark that prove the
//! readers refuse them (`features = ["hostile"]`; never part of the binary). A zip bomb is
//! made without packing its gigabyte: a piece of deflate data that unpacks to a mebibyte on its
//! own is repeated, so a 1 GiB part costs a megabyte of memory to make.

use flate2::{Compress, Compression, FlushCompress};

const MIB: usize = 1024 * 1024;

/// One part of a zip: its name, its deflate data, what it really unpacks to, and the size its
/// headers declare (usually the same; a lying file declares less).
pub struct Part {
    pub name: String,
    pub packed: Vec<u8>,
    pub crc: u32,
    pub size: u64,
    pub declared: u64,
}

impl Part {
    pub fn new(name: &str, content: &[u8]) -> Part {
        let mut crc = flate2::Crc::new();
        crc.update(content);
        let mut packed = deflate(content);
        packed.extend_from_slice(FINAL_EMPTY_BLOCK);
        let size = content.len() as u64;
        Part { name: name.to_owned(), packed, crc: crc.sum(), size, declared: size }
    }

    /// `head`, then `filler` repeated to `mib` mebibytes, then `tail`; the CRC is left wrong,
    /// as no reader may get that far.
    pub fn bomb(name: &str, head: &str, filler: u8, mib: usize, tail: &str) -> Part {
        let chunk = deflate_at(&vec![filler; MIB], Compression::best());
        let mut packed = deflate(head.as_bytes());
        for _ in 0..mib {
            packed.extend_from_slice(&chunk);
        }
        packed.extend(deflate(tail.as_bytes()));
        packed.extend_from_slice(FINAL_EMPTY_BLOCK);
        let size = (head.len() + mib * MIB + tail.len()) as u64;
        Part { name: name.to_owned(), packed, crc: 0, size, declared: size }
    }

    /// The same part with headers that claim `declared` bytes.
    pub fn declaring(mut self, declared: u64) -> Part {
        self.declared = declared;
        self
    }
}

/// An empty stored block marked final, closing a stream that ended on a sync flush.
const FINAL_EMPTY_BLOCK: &[u8] = &[0x01, 0x00, 0x00, 0xff, 0xff];

/// Raw deflate data, ending on a byte boundary without closing the stream, so that pieces made
/// separately can be joined (no piece refers back before its own start).
fn deflate(content: &[u8]) -> Vec<u8> {
    deflate_at(content, Compression::fast())
}

fn deflate_at(content: &[u8], level: Compression) -> Vec<u8> {
    let flush = FlushCompress::Sync;
    let mut z = Compress::new(level, false);
    let mut out = Vec::with_capacity(content.len() / 2 + 64);
    let mut input = content;
    loop {
        out.reserve(64 * 1024);
        let before = z.total_in();
        let _ = z.compress_vec(input, &mut out, flush);
        let consumed = usize::try_from(z.total_in() - before).unwrap_or(0);
        input = input.get(consumed..).unwrap_or(&[]);
        // Room left over means the compressor had nothing more to write.
        if input.is_empty() && out.len() < out.capacity() {
            return out;
        }
    }
}

/// A zip of the parts, every one deflated.
pub fn zip(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for p in parts {
        let offset = out.len() as u32;
        let header = |sig: &[u8], central_entry: bool| {
            let mut h = sig.to_vec();
            if central_entry {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&20u16.to_le_bytes()); // version needed
            h.extend_from_slice(&0u16.to_le_bytes()); // flags
            h.extend_from_slice(&8u16.to_le_bytes()); // deflate
            h.extend_from_slice(&[0, 0, 0x21, 0]); // time, date: 1980-01-01
            h.extend_from_slice(&p.crc.to_le_bytes());
            h.extend_from_slice(&(p.packed.len() as u32).to_le_bytes());
            h.extend_from_slice(&(p.declared.min(u64::from(u32::MAX)) as u32).to_le_bytes());
            h.extend_from_slice(&(p.name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes()); // extra
            if central_entry {
                h.extend_from_slice(&[0; 6]); // comment, disk, internal attributes
                h.extend_from_slice(&0u32.to_le_bytes()); // external attributes
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(p.name.as_bytes());
            h
        };
        out.extend(header(b"PK\x03\x04", false));
        out.extend_from_slice(&p.packed);
        central.extend(header(b"PK\x01\x02", true));
    }
    let (at, len, count) = (out.len() as u32, central.len() as u32, parts.len() as u16);
    out.extend(central);
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
const SHEET_TAIL: &str = "</sheetData></worksheet>";

/// The parts every workbook has besides its sheets, for sheets named `sheets`.
pub fn frame(sheets: &[&str]) -> Vec<Part> {
    let types = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{}</Types>"#,
        (1..=sheets.len())
            .map(|i| format!(r#"<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#))
            .collect::<String>()
    );
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{}</sheets></workbook>"#,
        sheets
            .iter()
            .enumerate()
            .map(|(i, name)| format!(r#"<sheet name="{name}" sheetId="{}" r:id="rId{}"/>"#, i + 1, i + 1))
            .collect::<String>()
    );
    let workbook_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
        (1..=sheets.len())
            .map(|i| format!(r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>"#))
            .collect::<String>()
    );
    vec![
        Part::new("[Content_Types].xml", types.as_bytes()),
        Part::new("_rels/.rels", rels.as_bytes()),
        Part::new("xl/workbook.xml", workbook.as_bytes()),
        Part::new("xl/_rels/workbook.xml.rels", workbook_rels.as_bytes()),
    ]
}

/// A sheet's XML with text cells at the given references ("A1", "ZZZZZZ1"), one row each
/// unless they share a row number.
pub fn sheet_xml(cells: &[(&str, &str)]) -> String {
    let mut xml = String::from(SHEET_HEAD);
    for (at, text) in cells {
        let row: String = at.chars().skip_while(char::is_ascii_alphabetic).collect();
        xml.push_str(&format!(
            r#"<row r="{row}"><c r="{at}" t="inlineStr"><is><t>{text}</t></is></c></row>"#
        ));
    }
    xml.push_str(SHEET_TAIL);
    xml
}

/// A workbook of one sheet "Sheet1" holding `cells`.
pub fn workbook(cells: &[(&str, &str)]) -> Vec<u8> {
    let mut parts = frame(&["Sheet1"]);
    parts.push(Part::new("xl/worksheets/sheet1.xml", sheet_xml(cells).as_bytes()));
    zip(&parts)
}

/// A workbook whose sheets are named and filled in order.
pub fn workbook_of_sheets(sheets: &[(&str, &[(&str, &str)])]) -> Vec<u8> {
    let names: Vec<&str> = sheets.iter().map(|(n, _)| *n).collect();
    let mut parts = frame(&names);
    for (i, (_, cells)) in sheets.iter().enumerate() {
        parts.push(Part::new(&format!("xl/worksheets/sheet{}.xml", i + 1), sheet_xml(cells).as_bytes()));
    }
    zip(&parts)
}

/// A 1 MB-ish workbook whose shared strings unpack to `mib` mebibytes, declaring it.
pub fn shared_strings_bomb(mib: usize) -> Vec<u8> {
    let mut parts = frame(&["Sheet1"]);
    parts.push(Part::new("xl/worksheets/sheet1.xml", sheet_xml(&[("A1", "x")]).as_bytes()));
    let head = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#;
    parts.push(Part::bomb("xl/sharedStrings.xml", head, b'A', mib, "</t></si></sst>"));
    zip(&parts)
}

/// A workbook whose one cell (A2, under a header) unpacks to `mib` mebibytes; its sheet's
/// headers declare `declared` bytes (`None`: the truth).
pub fn cell_bomb(mib: usize, declared: Option<u64>) -> Vec<u8> {
    let mut parts = frame(&["Sheet1"]);
    let head = format!(
        r#"{SHEET_HEAD}<row r="1"><c r="A1" t="inlineStr"><is><t>管理番号</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>"#
    );
    let sheet =
        Part::bomb("xl/worksheets/sheet1.xml", &head, b'A', mib, &format!("</t></is></c></row>{SHEET_TAIL}"));
    parts.push(match declared {
        Some(d) => sheet.declaring(d),
        None => sheet,
    });
    zip(&parts)
}

/// A workbook whose shared strings claim more strings than any sheet holds.
pub fn shared_strings_count_bomb() -> Vec<u8> {
    let mut parts = frame(&["Sheet1"]);
    parts.push(Part::new("xl/worksheets/sheet1.xml", sheet_xml(&[("A1", "x")]).as_bytes()));
    let sst = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="4000000000"><si><t>x</t></si></sst>"#;
    parts.push(Part::new("xl/sharedStrings.xml", sst.as_bytes()));
    zip(&parts)
}

/// A workbook of `count` tiny parts.
pub fn many_parts(count: usize) -> Vec<u8> {
    let mut parts = frame(&["Sheet1"]);
    parts.push(Part::new("xl/worksheets/sheet1.xml", sheet_xml(&[("A1", "x")]).as_bytes()));
    parts.extend((0..count).map(|i| Part::new(&format!("xl/extra/{i}.xml"), b"<x/>")));
    zip(&parts)
}

/// JSON nested `depth` arrays deep.
pub fn deep_json(depth: usize) -> Vec<u8> {
    let mut out = "[".repeat(depth).into_bytes();
    out.extend("]".repeat(depth).into_bytes());
    out
}
