#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| iryosec_io::fuzzing::edition_template(data));
