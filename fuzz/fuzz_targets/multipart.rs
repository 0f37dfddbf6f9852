#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| iryosec_web::fuzzing::multipart(data));
