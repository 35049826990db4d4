//! Payouts: the instruction, the bank's answer, what the answer means (only an explicit
//! `failed` is a definite failure), and when to try again.

use super::{
	from_json, reference_hash,
	text::{parse_hash, parse_reference},
	BridgeError, Currency, MAX_BODY_BYTES, MAX_REASON_LEN,
};
use alloc::string::String;
use codec::{Decode, Encode};
use genex_primitives::{Hash, Moment};
use serde::Deserialize;

/// What to pay out: a pending withdrawal as the chain shows it (`WithdrawalInfo`'s `key`,
/// `bank_account`, `fiat_currency` and `fiat_amount`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PayoutInstruction {
	/// The withdrawal's idempotency key (the pallet's `idempotency_key(id)`).
	pub key: Hash,
	/// The hash of the bank account to pay.
	pub bank_account: Hash,
	/// The currency paid out.
	pub currency: Currency,
	/// Minor units (hundredths) paid out.
	pub amount_minor: u128,
}

/// What the bank says became of a payout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayoutStatus {
	/// Paid.
	Paid {
		/// The bank's reference of the payment.
		reference: String,
	},
	/// Refused for good: the money did not go out and will not.
	Failed {
		/// The bank's reason (at most [`MAX_REASON_LEN`] bytes kept).
		reason: String,
	},
}

/// A bank's answer about a payout (to `POST /payouts` or `GET /payouts/<key>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayoutResult {
	/// The idempotency key it is about.
	pub key: Hash,
	/// What became of it.
	pub status: PayoutStatus,
}

#[derive(Deserialize)]
struct RawResult {
	key: String,
	status: String,
	reference: Option<String>,
	reason: Option<String>,
}

/// `text` cut to at most `max` bytes at a character boundary.
fn truncated(mut text: String, max: usize) -> String {
	if text.len() > max {
		let mut end = max;
		while !text.is_char_boundary(end) {
			end -= 1;
		}
		text.truncate(end);
	}
	text
}

/// Parses a 200 answer about a payout: `{"key","status":"paid","reference"}` or
/// `{"key","status":"failed","reason"}`.
pub fn parse_payout_result(body: &[u8]) -> Result<PayoutResult, BridgeError> {
	let raw: RawResult = from_json(body, MAX_BODY_BYTES)?;
	let key = parse_hash(&raw.key, "key")?;
	let status = match (raw.status.as_str(), raw.reference, raw.reason) {
		("paid", Some(reference), _) => {
			parse_reference(&reference, "reference")?;
			PayoutStatus::Paid { reference }
		},
		("failed", _, Some(reason)) => {
			PayoutStatus::Failed { reason: truncated(reason, MAX_REASON_LEN) }
		},
		("paid" | "failed", _, _) => return Err(BridgeError::MalformedJson),
		_ => return Err(BridgeError::UnknownStatus),
	};
	Ok(PayoutResult { key, status })
}

/// Which payout request an answer is to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub enum PayoutCall {
	/// `POST {base}/payouts` with the instruction.
	Submit,
	/// `GET {base}/payouts/<key>`.
	Lookup,
}

/// Why an answer says nothing certain about the money.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Indefinite {
	/// No complete answer: refused or reset connection, deadline passed, body cut short (the
	/// worker passes `None` whenever the body iterator reported an error).
	NoResponse,
	/// A 5xx: the bank may or may not have acted.
	ServerError {
		/// The status.
		status: u16,
	},
	/// 409: the bank holds this key with other parameters. Never paid again under it; the
	/// worker reports it for a human to look at.
	Conflict,
	/// 404 to a lookup: the bank does not know the key (the submission never reached it), so
	/// submitting it is next.
	UnknownKey,
	/// Any other status (a 404 to a submission, a 400, a 202...).
	UnexpectedStatus {
		/// The status.
		status: u16,
	},
	/// A 200 whose body is not an answer about this key.
	Malformed(BridgeError),
}

/// What a payout answer means for the withdrawal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayoutVerdict {
	/// The bank paid: attest `Paid` with [`reference_hash`] of the reference.
	Paid {
		/// The bank's reference of the payment.
		reference: String,
	},
	/// The bank refused for good (its explicit `failed`): attest a definite failure, after
	/// which the chain may fail over to another provider.
	FailedDefinitely {
		/// The bank's reason (for the log; it goes nowhere on chain).
		reason: String,
	},
	/// Nothing certain: the money may have gone out. Retry the same provider with the same
	/// key ([`PayoutAttempts`]), never another provider.
	Indefinite(Indefinite),
}

impl PayoutVerdict {
	/// Paid or definitely failed.
	pub fn is_definite(&self) -> bool {
		!matches!(self, Self::Indefinite(_))
	}

	/// The chain's hash of the payment reference, when paid.
	pub fn paid_reference_hash(&self) -> Option<Hash> {
		match self {
			Self::Paid { reference } => Some(reference_hash(reference)),
			_ => None,
		}
	}
}

/// Classifies the answer to a payout request about `key`: `reply` is the status and the
/// complete body, or `None` when there was no complete answer (connection refused or reset, a
/// deadline, a body error). Only a 200 saying `paid` or `failed` about `key` is definite.
pub fn classify_payout(call: PayoutCall, key: &Hash, reply: Option<(u16, &[u8])>) -> PayoutVerdict {
	let Some((status, body)) = reply else {
		return PayoutVerdict::Indefinite(Indefinite::NoResponse);
	};
	let indefinite = PayoutVerdict::Indefinite;
	match status {
		200 => match parse_payout_result(body) {
			Ok(result) if result.key != *key => {
				indefinite(Indefinite::Malformed(BridgeError::KeyMismatch))
			},
			Ok(PayoutResult { status: PayoutStatus::Paid { reference }, .. }) => {
				PayoutVerdict::Paid { reference }
			},
			Ok(PayoutResult { status: PayoutStatus::Failed { reason }, .. }) => {
				PayoutVerdict::FailedDefinitely { reason }
			},
			Err(err) => indefinite(Indefinite::Malformed(err)),
		},
		404 if call == PayoutCall::Lookup => indefinite(Indefinite::UnknownKey),
		409 => indefinite(Indefinite::Conflict),
		500..=599 => indefinite(Indefinite::ServerError { status }),
		_ => indefinite(Indefinite::UnexpectedStatus { status }),
	}
}

/// A deterministic exponential backoff: retry `n` (from 0) waits `min(base_ms · 2ⁿ, cap_ms)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub struct Backoff {
	/// The first wait (ms).
	pub base_ms: u64,
	/// The longest wait (ms).
	pub cap_ms: u64,
}

impl Default for Backoff {
	/// 6 s (three 2 s blocks) doubling up to 10 minutes.
	fn default() -> Self {
		Self { base_ms: 6_000, cap_ms: 600_000 }
	}
}

impl Backoff {
	/// The wait before retry `n` (from 0): `min(base_ms · 2ⁿ, cap_ms)`, without overflow.
	pub fn delay(&self, n: u32) -> u64 {
		let factor = 1u64.checked_shl(n).unwrap_or(0);
		match self.base_ms.checked_mul(factor) {
			Some(wait) if factor != 0 => wait.min(self.cap_ms),
			_ if self.base_ms == 0 => 0,
			_ => self.cap_ms,
		}
	}
}

/// The worker's state of one withdrawal's payout at its assigned provider (kept SCALE-encoded
/// in persistent offchain storage under [`payout_attempts_key`](super::payout_attempts_key)).
///
/// The rule: submit; after an indefinite outcome, wait ([`Backoff::delay`] of the number of
/// indefinite outcomes before it), then first ask `GET payouts/<key>`; submit the same key again
/// only when the bank answers that it does not know it (404). A definite verdict ends it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub struct PayoutAttempts {
	/// The provider these attempts are at (a withdrawal reassigned elsewhere starts afresh).
	pub provider: u32,
	/// Indefinite outcomes so far (submissions and lookups).
	pub attempts: u32,
	/// Not before this time (ms).
	pub next_try_at: Moment,
	/// An indefinite outcome happened: look the key up before submitting it again.
	pub lookup_first: bool,
}

/// What to do after an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayoutStep {
	/// The verdict is definite: attest it and forget this state.
	Report,
	/// Call again at `at` (ms).
	Retry {
		/// When.
		at: Moment,
		/// Which request.
		call: PayoutCall,
	},
}

impl PayoutAttempts {
	/// No attempt yet at `provider`: submit at once.
	pub fn new(provider: u32) -> Self {
		Self { provider, attempts: 0, next_try_at: 0, lookup_first: false }
	}

	/// The stored state if it is about `provider`, else a fresh one.
	pub fn resume(stored: Option<Self>, provider: u32) -> Self {
		stored.filter(|s| s.provider == provider).unwrap_or_else(|| Self::new(provider))
	}

	/// The request due at `now`, if any.
	pub fn next_call(&self, now: Moment) -> Option<PayoutCall> {
		(now >= self.next_try_at).then_some(if self.lookup_first {
			PayoutCall::Lookup
		} else {
			PayoutCall::Submit
		})
	}

	/// Records the verdict of `call` made at `now`; what to do next.
	pub fn record(
		&mut self,
		call: PayoutCall,
		verdict: &PayoutVerdict,
		now: Moment,
		backoff: &Backoff,
	) -> PayoutStep {
		match verdict {
			PayoutVerdict::Paid { .. } | PayoutVerdict::FailedDefinitely { .. } => {
				PayoutStep::Report
			},
			PayoutVerdict::Indefinite(Indefinite::UnknownKey) if call == PayoutCall::Lookup => {
				// The bank never took the key: submitting it cannot pay twice.
				self.lookup_first = false;
				self.next_try_at = now;
				PayoutStep::Retry { at: now, call: PayoutCall::Submit }
			},
			PayoutVerdict::Indefinite(_) => {
				let wait = backoff.delay(self.attempts);
				self.attempts = self.attempts.saturating_add(1);
				self.lookup_first = true;
				self.next_try_at = now.saturating_add(wait);
				PayoutStep::Retry { at: self.next_try_at, call: PayoutCall::Lookup }
			},
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::bridge::text::hex;
	use alloc::{format, string::ToString, vec::Vec};

	fn key() -> Hash {
		Hash::repeat_byte(0x42)
	}

	fn paid(key: &Hash) -> Vec<u8> {
		format!(
			r#"{{"key":"{}","status":"paid","reference":"primary_bank-P-000001"}}"#,
			hex(key.as_bytes())
		)
		.into_bytes()
	}

	fn failed(key: &Hash, reason: &str) -> Vec<u8> {
		format!(r#"{{"key":"{}","status":"failed","reason":"{reason}"}}"#, hex(key.as_bytes()))
			.into_bytes()
	}

	#[test]
	fn parses_paid_and_failed() {
		assert_eq!(
			parse_payout_result(&paid(&key())),
			Ok(PayoutResult {
				key: key(),
				status: PayoutStatus::Paid { reference: "primary_bank-P-000001".to_string() }
			})
		);
		assert_eq!(
			parse_payout_result(&failed(&key(), "account closed")).map(|r| r.status),
			Ok(PayoutStatus::Failed { reason: "account closed".to_string() })
		);
	}

	#[test]
	fn payout_parser_errors() {
		let k = hex(key().as_bytes());
		let cases: [(String, BridgeError); 8] = [
			("nope".into(), BridgeError::MalformedJson),
			(format!(r#"{{"key":"{k}","status":"paid"}}"#), BridgeError::MalformedJson),
			(format!(r#"{{"key":"{k}","status":"failed"}}"#), BridgeError::MalformedJson),
			(format!(r#"{{"key":"{k}","status":"pending"}}"#), BridgeError::UnknownStatus),
			(format!(r#"{{"status":"paid","reference":"r"}}"#), BridgeError::MalformedJson),
			(
				r#"{"key":"0x12","status":"paid","reference":"r"}"#.into(),
				BridgeError::BadHex { field: "key" },
			),
			(
				format!(r#"{{"key":"{k}","status":"paid","reference":"has space"}}"#),
				BridgeError::BadReference { field: "reference" },
			),
			(format!(r#"{{"key":"{k}","status":7}}"#), BridgeError::MalformedJson),
		];
		for (body, expected) in cases {
			assert_eq!(parse_payout_result(body.as_bytes()), Err(expected), "{body}");
		}
		let huge = [b' '; MAX_BODY_BYTES + 1];
		assert_eq!(
			parse_payout_result(&huge),
			Err(BridgeError::BodyTooLarge { limit: MAX_BODY_BYTES })
		);
	}

	#[test]
	fn long_reasons_are_cut_at_a_character_boundary() {
		let reason = "é".repeat(MAX_REASON_LEN); // two bytes each
		let result = parse_payout_result(&failed(&key(), &reason)).unwrap();
		let PayoutStatus::Failed { reason: kept } = result.status else { panic!("not failed") };
		assert_eq!(kept.len(), MAX_REASON_LEN);
		assert!(kept.chars().all(|c| c == 'é'));
		let odd = format!("x{reason}");
		let PayoutStatus::Failed { reason: kept } =
			parse_payout_result(&failed(&key(), &odd)).unwrap().status
		else {
			panic!("not failed")
		};
		assert_eq!(kept.len(), MAX_REASON_LEN - 1);
	}

	#[test]
	fn only_an_explicit_answer_about_the_key_is_definite() {
		use PayoutCall::*;
		let k = key();
		for call in [Submit, Lookup] {
			let verdict = classify_payout(call, &k, Some((200, &paid(&k)[..])));
			assert_eq!(
				verdict,
				PayoutVerdict::Paid { reference: "primary_bank-P-000001".to_string() }
			);
			assert!(verdict.is_definite());
			assert_eq!(
				verdict.paid_reference_hash(),
				Some(reference_hash("primary_bank-P-000001"))
			);
			let verdict = classify_payout(call, &k, Some((200, &failed(&k, "closed")[..])));
			assert_eq!(verdict, PayoutVerdict::FailedDefinitely { reason: "closed".to_string() });
			assert!(verdict.is_definite());
			assert_eq!(verdict.paid_reference_hash(), None);
		}
	}

	#[test]
	fn everything_else_is_indefinite() {
		use Indefinite::*;
		use PayoutCall::*;
		let k = key();
		let other = Hash::repeat_byte(0x43);
		let (paid_k, failed_k, paid_other) = (paid(&k), failed(&k, "x"), paid(&other));
		let cases: [(PayoutCall, Option<(u16, &[u8])>, Indefinite); 12] = [
			(Submit, None, NoResponse),
			(Lookup, None, NoResponse),
			(Submit, Some((500, &b"oops"[..])), ServerError { status: 500 }),
			(Submit, Some((503, &failed_k[..])), ServerError { status: 503 }),
			(Lookup, Some((502, &b""[..])), ServerError { status: 502 }),
			(Submit, Some((409, &br#"{"error":"other parameters"}"#[..])), Conflict),
			(Lookup, Some((404, &b""[..])), UnknownKey),
			(Submit, Some((404, &b""[..])), UnexpectedStatus { status: 404 }),
			(
				Submit,
				Some((400, &br#"{"error":"amount_minor"}"#[..])),
				UnexpectedStatus { status: 400 },
			),
			(Submit, Some((202, &paid_k[..])), UnexpectedStatus { status: 202 }),
			(Submit, Some((200, &b"<html>"[..])), Malformed(BridgeError::MalformedJson)),
			(Lookup, Some((200, &paid_other[..])), Malformed(BridgeError::KeyMismatch)),
		];
		for (call, reply, cause) in cases {
			let verdict = classify_payout(call, &k, reply);
			assert_eq!(verdict, PayoutVerdict::Indefinite(cause), "{call:?} {reply:?}");
			assert!(!verdict.is_definite());
		}
		// A failed answer about another key is no definite failure either.
		assert_eq!(
			classify_payout(Submit, &k, Some((200, &failed(&other, "x")[..]))),
			PayoutVerdict::Indefinite(Malformed(BridgeError::KeyMismatch))
		);
		assert_eq!(
			classify_payout(Submit, &k, Some((200, &br#"{"key":"0x1","status":"paid"}"#[..]))),
			PayoutVerdict::Indefinite(Malformed(BridgeError::BadHex { field: "key" }))
		);
	}

	#[test]
	fn backoff_doubles_up_to_the_cap() {
		let backoff = Backoff { base_ms: 1_000, cap_ms: 30_000 };
		let waits: Vec<u64> = (0..7).map(|n| backoff.delay(n)).collect();
		assert_eq!(waits, [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
		assert_eq!(backoff.delay(63), 30_000);
		assert_eq!(backoff.delay(64), 30_000);
		assert_eq!(backoff.delay(u32::MAX), 30_000);
		let huge = Backoff { base_ms: u64::MAX / 2, cap_ms: u64::MAX };
		assert_eq!(huge.delay(1), u64::MAX - 1);
		assert_eq!(huge.delay(2), u64::MAX);
		assert_eq!(Backoff { base_ms: 0, cap_ms: 9 }.delay(100), 0);
		assert_eq!(Backoff::default().delay(0), 6_000);
		assert_eq!(Backoff::decode(&mut &backoff.encode()[..]), Ok(backoff));
	}

	#[test]
	fn after_an_indefinite_outcome_the_key_is_looked_up_first() {
		let backoff = Backoff { base_ms: 1_000, cap_ms: 4_000 };
		let mut state = PayoutAttempts::new(3);
		assert_eq!(state.next_call(0), Some(PayoutCall::Submit));
		// The submission times out.
		let timeout = PayoutVerdict::Indefinite(Indefinite::NoResponse);
		let step = state.record(PayoutCall::Submit, &timeout, 10_000, &backoff);
		assert_eq!(step, PayoutStep::Retry { at: 11_000, call: PayoutCall::Lookup });
		assert_eq!((state.attempts, state.next_try_at, state.lookup_first), (1, 11_000, true));
		assert_eq!(state.next_call(10_999), None);
		assert_eq!(state.next_call(11_000), Some(PayoutCall::Lookup));
		// The lookup fails with a 5xx: wait longer, look up again (never re-submit blindly).
		let busy = PayoutVerdict::Indefinite(Indefinite::ServerError { status: 503 });
		assert_eq!(
			state.record(PayoutCall::Lookup, &busy, 11_000, &backoff),
			PayoutStep::Retry { at: 13_000, call: PayoutCall::Lookup }
		);
		assert_eq!(state.next_call(13_000), Some(PayoutCall::Lookup));
		// The bank does not know the key: submit it now.
		let unknown = PayoutVerdict::Indefinite(Indefinite::UnknownKey);
		assert_eq!(
			state.record(PayoutCall::Lookup, &unknown, 13_000, &backoff),
			PayoutStep::Retry { at: 13_000, call: PayoutCall::Submit }
		);
		assert_eq!((state.attempts, state.lookup_first), (2, false));
		assert_eq!(state.next_call(13_000), Some(PayoutCall::Submit));
		// Timeouts again: the wait is capped.
		state.record(PayoutCall::Submit, &timeout, 20_000, &backoff);
		assert_eq!(state.next_try_at, 24_000);
		state.record(PayoutCall::Lookup, &timeout, 24_000, &backoff);
		assert_eq!(state.next_try_at, 28_000);
		assert_eq!(state.attempts, 4);
		// The lookup finds it paid: report.
		let paid = PayoutVerdict::Paid { reference: "r".to_string() };
		assert_eq!(state.record(PayoutCall::Lookup, &paid, 28_000, &backoff), PayoutStep::Report);
		let refused = PayoutVerdict::FailedDefinitely { reason: "r".to_string() };
		assert_eq!(
			state.record(PayoutCall::Submit, &refused, 28_000, &backoff),
			PayoutStep::Report
		);
	}

	#[test]
	fn a_404_to_a_submission_does_not_clear_the_lookup() {
		let backoff = Backoff::default();
		let mut state = PayoutAttempts::new(0);
		let odd = PayoutVerdict::Indefinite(Indefinite::UnknownKey);
		// `UnknownKey` only comes from lookups; should a caller pass it for a submission, it is
		// still an indefinite outcome.
		let step = state.record(PayoutCall::Submit, &odd, 0, &backoff);
		assert_eq!(step, PayoutStep::Retry { at: 6_000, call: PayoutCall::Lookup });
		assert!(state.lookup_first);
	}

	#[test]
	fn attempts_are_per_provider_and_scale_encoded() {
		let mut state = PayoutAttempts::new(1);
		state.record(
			PayoutCall::Submit,
			&PayoutVerdict::Indefinite(Indefinite::NoResponse),
			5,
			&Backoff::default(),
		);
		let bytes = state.encode();
		let decoded = PayoutAttempts::decode(&mut &bytes[..]).unwrap();
		assert_eq!(decoded, state);
		assert_eq!(PayoutAttempts::resume(Some(decoded), 1), state);
		assert_eq!(PayoutAttempts::resume(Some(decoded), 2), PayoutAttempts::new(2));
		assert_eq!(PayoutAttempts::resume(None, 1), PayoutAttempts::new(1));
		assert!(PayoutAttempts::decode(&mut &bytes[..bytes.len() - 1]).is_err());
	}
}
