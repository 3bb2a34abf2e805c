#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    inai_auth_fuzz_checks::answer_parse(data);
});
