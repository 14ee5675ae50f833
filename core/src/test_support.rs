//! Inputs the unit tests of several modules generate the same way.

/// A fixed xorshift64 stream (shifts 13, 7, 17): reproducible "random"
/// numbers for tests, the same sequence on every run and machine.
pub(crate) struct XorShift(pub u64);

impl XorShift {
    /// The next number of the stream.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Every digit string of 1 to `max_len` digits (`0`…`9`, `00`…`99`, …),
/// shortest first.
pub(crate) fn digit_strings(max_len: u32) -> Vec<String> {
    (1..=max_len)
        .flat_map(|len| (0..10u64.pow(len)).map(move |n| format!("{n:0w$}", w = len as usize)))
        .collect()
}
