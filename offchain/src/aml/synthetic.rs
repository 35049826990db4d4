//! A synthetic movement log for benchmarks: the same mix natively (criterion) and in the
//! runtime (the compliance pallet's `screen_movements` benchmark, in wasm).

use super::{MovementKind, MovementRecord, OrderSide};
use alloc::vec::Vec;

const DOLLAR: u128 = 1_000_000;

/// `count` deterministic records among `accounts` accounts (made by `account`), about 100 a
/// minute from `start` (ms): 15 % stablecoin transfers, 10 % P2P coupon transfers, 25 % trades,
/// 20 % orders placed, 15 % cancelled, 5 % each fiat deposits, withdrawals and redemptions;
/// one amount in 20 is $2,600 (structuring's band) and one in 20 $12,000 (a large amount).
pub fn mixed_log<A: Clone>(
	count: u64,
	accounts: u64,
	start: u64,
	account: impl Fn(u64) -> A,
) -> Vec<MovementRecord<A>> {
	let mut state = 0x2545_f491_4f6c_dd1d_u64;
	let mut next = move |n: u64| {
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		state % n
	};
	(0..count)
		.map(|id| {
			let (a, b) = (account(next(accounts)), account(next(accounts)));
			let class = next(200) as u32;
			let issuer = account(next(20));
			let amount = match next(20) {
				0 => 2_600 * DOLLAR,
				1 => 12_000 * DOLLAR,
				_ => u128::from(next(500) + 1) * DOLLAR,
			};
			let side = if next(2) == 0 { OrderSide::Bid } else { OrderSide::Ask };
			let kind = match next(20) {
				0..=2 => MovementKind::StablecoinTransfer { from: a, to: b, asset: 1, amount },
				3..=4 => MovementKind::CouponTransfer {
					from: a,
					to: b,
					class,
					issuer,
					count: 1,
					value: amount,
				},
				5..=9 => MovementKind::Trade {
					trade: id,
					buyer: a,
					seller: b,
					class,
					issuer,
					price: amount,
					asset: 1,
					primary: false,
				},
				10..=13 => MovementKind::OrderPlaced {
					owner: a,
					order: id,
					class,
					side,
					price: amount,
					quantity: 1,
				},
				14..=16 => MovementKind::OrderCancelled {
					owner: a,
					order: id.saturating_sub(next(50)),
					class,
					side,
					price: amount,
					remaining: 1,
				},
				17 => MovementKind::FiatDeposit { account: a, asset: 1, amount, provider: 0 },
				18 => MovementKind::FiatWithdrawal { account: a, asset: 1, amount, provider: 0 },
				_ => MovementKind::Redemption { holder: a, store: b, class, issuer, value: amount },
			};
			MovementRecord { id, block: (id / 50) as u32, extrinsic: 0, at: start + id * 600, kind }
		})
		.collect()
}
