//! Incremental UTF-8 validation, one byte at a time, so that a character split across chunks is
//! checked like a whole one (RFC 3629: no overlong forms, no surrogates, nothing above
//! U+10FFFF).

/// The validator: how many continuation bytes the current character still needs and the range
/// the next one must be in.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Utf8 {
	need: u8,
	low: u8,
	high: u8,
}

impl Utf8 {
	/// A validator between characters.
	pub(crate) const fn new() -> Self {
		Self { need: 0, low: 0x80, high: 0xBF }
	}

	/// Whether the bytes so far end on a character boundary.
	#[inline]
	pub(crate) fn is_idle(&self) -> bool {
		self.need == 0
	}

	/// Takes the next byte; `false` when it cannot follow the bytes before it.
	#[inline]
	pub(crate) fn step(&mut self, byte: u8) -> bool {
		if self.need == 0 {
			let (need, low, high) = match byte {
				0x00..=0x7F => return true,
				0xC2..=0xDF => (1, 0x80, 0xBF),
				0xE0 => (2, 0xA0, 0xBF),
				0xE1..=0xEC | 0xEE | 0xEF => (2, 0x80, 0xBF),
				0xED => (2, 0x80, 0x9F),
				0xF0 => (3, 0x90, 0xBF),
				0xF1..=0xF3 => (3, 0x80, 0xBF),
				0xF4 => (3, 0x80, 0x8F),
				_ => return false,
			};
			*self = Self { need, low, high };
			true
		} else if byte < self.low || byte > self.high {
			false
		} else {
			*self = Self { need: self.need - 1, low: 0x80, high: 0xBF };
			true
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn valid(bytes: &[u8]) -> bool {
		let mut utf8 = Utf8::new();
		bytes.iter().all(|&b| utf8.step(b)) && utf8.is_idle()
	}

	#[test]
	fn agrees_with_core() {
		let samples: &[&[u8]] = &[
			b"plain",
			"é€𝄞".as_bytes(),
			&[0xC0, 0x80],
			&[0xE0, 0x80, 0x80],
			&[0xED, 0xA0, 0x80],
			&[0xF4, 0x90, 0x80, 0x80],
			&[0xF0, 0x9F, 0x98],
			&[0x80],
			&[0xFF],
			&[0xE2, 0x82, 0xAC, 0x41],
			&[0xE2, 0x41],
		];
		for sample in samples {
			assert_eq!(valid(sample), core::str::from_utf8(sample).is_ok(), "{sample:?}");
		}
		// Every two-byte sequence.
		for a in 0..=255u8 {
			for b in 0..=255u8 {
				assert_eq!(valid(&[a, b]), core::str::from_utf8(&[a, b]).is_ok(), "{a:x} {b:x}");
			}
		}
	}
}
