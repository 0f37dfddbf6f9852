use super::*;
use crate::hostile;

fn refused(bytes: &[u8]) -> Message {
    open(bytes).err().unwrap()
}

#[test]
fn parts_that_unpack_too_large_are_refused_before_unpacking() {
    let started = std::time::Instant::now();
    let m = refused(&hostile::shared_strings_bomb(1024));
    assert_eq!(m.key, "io.error.zip_unpacked");
    assert_eq!(m.args[0], ("part", "xl/sharedStrings.xml".to_owned()));
    assert_eq!(refused(&hostile::cell_bomb(300, None)).key, "io.error.zip_unpacked");
    assert!(started.elapsed().as_secs() < 2);
}

#[test]
fn a_part_packed_like_a_bomb_is_refused_by_its_ratio() {
    let m = refused(&hostile::cell_bomb(16, None));
    assert_eq!(m.key, "io.error.zip_ratio");
}

#[test]
fn too_many_parts_or_shared_strings_are_refused() {
    assert_eq!(refused(&hostile::many_parts(LIMITS.zip_entries as usize)).key, "io.error.zip_entries");
    assert_eq!(refused(&hostile::shared_strings_count_bomb()).key, "io.error.shared_strings");
}

/// The declared sizes are only a bound if the zip crate stops a part there: a part that
/// declares 1 KB and unpacks to 64 MB must end in an error at about 1 KB.
#[test]
fn a_part_that_lies_about_its_size_stops_at_the_size_it_declared() {
    let bytes = hostile::cell_bomb(64, Some(1024));
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).unwrap();
    let index = zip.index_for_name("xl/worksheets/sheet1.xml").unwrap();
    let mut part = zip.by_index(index).unwrap();
    let mut read = Vec::new();
    let err = part.read_to_end(&mut read).unwrap_err();
    assert!(read.len() <= 1025, "read {} bytes", read.len());
    assert!(err.to_string().contains("declared"), "{err}");
    // And through calamine, the reader refuses the workbook.
    let table = crate::table::test_table(&bytes).unwrap_err();
    assert_eq!(table.key, "io.error.xlsx_broken");
}

#[test]
fn a_well_formed_workbook_opens() {
    let bytes = hostile::workbook(&[("A1", "管理番号"), ("A2", "A-1")]);
    let t = crate::table::test_table(&bytes).unwrap();
    assert_eq!((t.headers, t.rows), (vec!["管理番号".to_owned()], vec![(2, vec!["A-1".to_owned()])]));
}

#[test]
fn a_grid_spanning_too_far_is_refused_and_a_form_is_read() {
    let far = hostile::workbook(&[("A1", "key"), ("ALL999999", "x")]);
    let m = grid(&mut open(&far).unwrap(), "Sheet1").unwrap_err();
    assert_eq!((m.key, m.args[0].1.as_str()), ("io.error.grid_too_large", "Sheet1"));
    let form = hostile::workbook(&[("B2", "key"), ("C3", "x")]);
    let range = grid(&mut open(&form).unwrap(), "Sheet1").unwrap().unwrap();
    assert_eq!((range.start(), range.end()), (Some((1, 1)), Some((2, 2))));
    assert!(grid(&mut open(&form).unwrap(), "無い").unwrap().is_none());
}

/// calamine adds a reference's letters and digits up without checking for overflow: such a
/// workbook (found by fuzzing the assessment sheet) is refused before calamine reads it.
#[test]
fn a_cell_reference_beyond_any_sheet_is_refused_before_calamine_reads_it() {
    for (reference, named) in [("AAAAAAAA1", "AAAAAAA"), ("A99999999999", "9999999999")] {
        let bytes = hostile::workbook(&[("A1", "見出し"), (reference, "x")]);
        let m = refused(&bytes);
        assert_eq!((m.key, m.args[0].1.as_str()), ("io.error.cell_reference", named));
        let read = crate::table::test_table(&bytes);
        assert_eq!(read.err().map(|m| m.key), Some("io.error.cell_reference"));
        assert!(crate::assessment_sheet::read_xlsx(&bytes).is_err());
    }
}
