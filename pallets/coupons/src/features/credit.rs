//! The credit formula (seed §3.2, §14.1), in fixed point:
//!
//! score = 100 × (0.35·r + 0.25·(1 − b) + 0.20·ln(m + 1)/ln 37 + 0.20·s)
//!
//! r: redemption rate (face value redeemed / sold), b: breakage ratio (face value expired
//! unredeemed / sold), m: months since approval (capped at 36, where the tenure factor reaches
//! 1), s: holder satisfaction. Every ratio is in parts per billion; the score is in hundredths,
//! rounded half up. An issuer with no redeemed or expired sales yet keeps the new-issuer score
//! 60.00.

use crate::types::*;
use frame_support::{traits::ConstU32, BoundedVec};
use sp_runtime::{
	traits::{AtLeast32BitUnsigned, UniqueSaturatedInto},
	Permill,
};

/// Score of a new issuer, and of one with nothing settled yet: 60.00.
pub const NEW_ISSUER_SCORE: Score = 6_000;

/// Parts per billion.
const BILLION: u128 = 1_000_000_000;

/// ln(m + 1) / ln 37 for m = 0 … 36 months, in parts per billion (rounded to nearest).
pub const TENURE_FACTOR_PPB: [u32; 37] = [
	0,
	191_958_720,
	304_247_373,
	383_917_440,
	445_714_345,
	496_206_093,
	538_896_257,
	575_876_160,
	608_494_746,
	637_673_065,
	664_068_065,
	688_164_813,
	710_331_672,
	730_854_977,
	749_961_718,
	767_834_880,
	784_624_135,
	800_453_466,
	815_426_728,
	829_631_785,
	843_143_630,
	856_026_785,
	868_337_163,
	880_123_533,
	891_428_690,
	902_290_392,
	912_742_119,
	922_813_697,
	932_531_814,
	941_920_438,
	951_001_182,
	959_793_600,
	968_315_438,
	976_582_855,
	984_610_602,
	992_412_186,
	1_000_000_000,
];

/// `part / whole` in parts per billion, at most one; 0 when `whole` is 0.
pub fn ratio_ppb<B: UniqueSaturatedInto<u128> + Copy>(part: B, whole: B) -> u128 {
	let (part, whole): (u128, u128) = (part.unique_saturated_into(), whole.unique_saturated_into());
	if whole == 0 {
		return 0;
	}
	// part ≤ whole in practice; a saturated product only ever caps the ratio at one.
	(part.saturating_mul(BILLION) / whole).min(BILLION)
}

/// The four-factor score of an issuer, in hundredths.
pub fn score<B: UniqueSaturatedInto<u128> + Copy>(
	stats: &IssuerStats<B>,
	tenure_months: u32,
	satisfaction: Permill,
) -> Score {
	if stats.redeemed_count == 0 && stats.breakage_count == 0 {
		return NEW_ISSUER_SCORE;
	}
	let redemption = ratio_ppb(stats.redeemed_value, stats.sold_value);
	let breakage = ratio_ppb(stats.breakage_value, stats.sold_value);
	let tenure = TENURE_FACTOR_PPB[tenure_months.min(36) as usize] as u128;
	let satisfaction = satisfaction.deconstruct() as u128 * 1_000;
	// Weights in percent: the sum is 100 × (weighted average in ppb).
	let weighted = 35 * redemption + 25 * (BILLION - breakage) + 20 * tenure + 20 * satisfaction;
	// score (hundredths) = 100 × 100 × weighted / (100 × 1e9) = weighted / 1e7.
	let hundredths = (weighted + 5_000_000) / 10_000_000;
	hundredths.min(MAX_SCORE as u128) as Score
}

/// The band of `score` in `table` (best first), if any.
pub fn band_for<B: Clone>(score: Score, table: &[RatingBand<B>]) -> Option<&RatingBand<B>> {
	table.iter().find(|band| score >= band.min_score)
}

/// The quota of `rating` in `table`, zero if the table has no such band.
pub fn quota_of<B: Clone + Default>(rating: CreditRating, table: &[RatingBand<B>]) -> B {
	table
		.iter()
		.find(|band| band.rating == rating)
		.map(|band| band.quota.clone())
		.unwrap_or_default()
}

/// Credit of an issuer with `score` and `downgrades` notches of default penalty.
pub fn credit_for<B: Clone + Default>(
	score: Score,
	downgrades: u8,
	table: &[RatingBand<B>],
) -> Credit<B> {
	let formula_rating = band_for(score, table).map(|band| band.rating).unwrap_or(CreditRating::C);
	let rating = formula_rating.down_by(downgrades);
	Credit { score, rating, quota: quota_of(rating, table) }
}

/// A table is valid when it is non-empty, strictly descending in both score and rating, and
/// its last band starts at 0 (so every score has a band).
pub fn validate_rating_table<B>(table: &[RatingBand<B>]) -> bool {
	!table.is_empty()
		&& table
			.windows(2)
			.all(|pair| pair[0].min_score > pair[1].min_score && pair[0].rating < pair[1].rating)
		&& table.last().is_some_and(|band| band.min_score == 0)
		&& table.iter().all(|band| band.min_score <= MAX_SCORE)
}

/// The default table, for stablecoins with 6 decimals: AAA ≥ 90 → $1,000,000; AA ≥ 80 →
/// $500,000; A ≥ 70 → $250,000; BBB ≥ 60 → $100,000 (a new issuer); BB ≥ 50 → $50,000;
/// B ≥ 40 → $20,000; C → nothing.
pub fn default_rating_table<B: AtLeast32BitUnsigned>() -> BoundedVec<RatingBand<B>, ConstU32<8>> {
	let dollars = |n: u32| B::from(n).saturating_mul(B::from(1_000_000u32));
	let bands = [
		(CreditRating::AAA, 9_000, 1_000_000),
		(CreditRating::AA, 8_000, 500_000),
		(CreditRating::A, 7_000, 250_000),
		(CreditRating::BBB, 6_000, 100_000),
		(CreditRating::BB, 5_000, 50_000),
		(CreditRating::B, 4_000, 20_000),
		(CreditRating::C, 0, 0),
	];
	let bands: alloc::vec::Vec<_> = bands
		.into_iter()
		.map(|(rating, min_score, quota)| RatingBand { rating, min_score, quota: dollars(quota) })
		.collect();
	BoundedVec::truncate_from(bands)
}
