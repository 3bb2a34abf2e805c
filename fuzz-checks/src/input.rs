//! Reading structured choices out of fuzzer bytes.

/// A cursor over the input: every read succeeds, yielding zeros past the end.
pub(crate) struct Input<'a> {
    rest: &'a [u8],
}

impl<'a> Input<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Self { rest: data }
    }

    /// The next byte, if any is left.
    pub(crate) fn next(&mut self) -> Option<u8> {
        let (&first, rest) = self.rest.split_first()?;
        self.rest = rest;
        Some(first)
    }

    /// The next byte, or 0 past the end.
    pub(crate) fn byte(&mut self) -> u8 {
        self.next().unwrap_or(0)
    }

    /// One of `choices`, picked by the next byte.
    pub(crate) fn pick<'c, T>(&mut self, choices: &'c [T]) -> &'c T {
        let index = usize::from(self.byte()) % choices.len().max(1);
        choices
            .get(index)
            .unwrap_or_else(|| unreachable!("choices are never empty"))
    }

    /// Up to `len` bytes.
    pub(crate) fn take(&mut self, len: usize) -> &'a [u8] {
        let (taken, rest) = self.rest.split_at(len.min(self.rest.len()));
        self.rest = rest;
        taken
    }
}
