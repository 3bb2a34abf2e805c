#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    inai_auth_fuzz_checks::verify_token_differential(data);
});
