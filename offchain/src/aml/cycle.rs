//! Cycles (seed §15.2, "环形转移"): value moving round accounts back to where it started.
//!
//! Value edges are stablecoin and coupon transfers, `from` -> `to` (trades are not: the order
//! book, not the account, picks the counterparty), kept as out-edges in the sender's window.
//! When an edge `from` -> `to` arrives, a depth-first search looks for a path of earlier edges
//! from `to` back to `from`, each edge later (higher id, no earlier time) than the one before
//! it, the first no older than `cycle_window`, the accounts all distinct and, with the closing
//! edge, at most `cycle_max_accounts` of them. From each account it follows, per recipient, the
//! earliest edge that fits (later edges can only leave fewer ways on), and it expands at most
//! [`CYCLE_VISIT_BUDGET`] accounts. A cycle found is reported for `to` (the value left it and
//! came back), and its edges leave the windows (the closing one is never stored).

use super::{
	window::push, AmlRule, Finding, Link, Screening, Stamp, WindowStore, CYCLE_VISIT_BUDGET,
};
use alloc::{collections::BTreeSet, vec::Vec};
use codec::{Decode, Encode};
use genex_primitives::Moment;

/// Most accounts in a cycle looked for, whatever the parameters say.
const MAX_CYCLE_ACCOUNTS: usize = 16;

/// A value edge `from` -> `to`, the record being screened.
pub(super) fn edge<A, S>(s: &mut Screening<'_, A, S>, from: &A, to: &A)
where
	A: Clone + Ord + Encode + Decode,
	S: WindowStore<A>,
{
	if from == to {
		return;
	}
	let (id, now) = (s.id, s.now);
	// Both windows are loaded (and will be stored) whatever the search finds.
	s.window(from);
	s.window(to);
	let max_accounts = (s.params.cycle_max_accounts as usize).min(MAX_CYCLE_ACCOUNTS);
	let mut search = Search {
		target: from.clone(),
		max_accounts,
		budget: CYCLE_VISIT_BUDGET,
		start: now.saturating_sub(s.params.cycle_window),
		path: Vec::new(),
		on_path: BTreeSet::from([to.clone()]),
	};
	if max_accounts >= 2 && search.dfs(s, to.clone(), None) {
		let mut related = Vec::with_capacity(search.path.len());
		let mut evidence = Vec::with_capacity(search.path.len() + 1);
		for (owner, link) in &search.path {
			s.window(owner).out_edges.retain(|e| e.stamp.id != link.stamp.id);
			related.push(owner.clone());
			evidence.push(link.stamp.id);
		}
		related.push(from.clone());
		evidence.push(id);
		s.found(Finding::new(AmlRule::Cycle, to.clone(), related, evidence));
	} else {
		push(
			&mut s.window(from).out_edges,
			Link { stamp: Stamp { id, at: now }, peer: to.clone() },
		);
	}
}

struct Search<A> {
	/// The closing edge's sender: where the path must end.
	target: A,
	max_accounts: usize,
	/// Accounts left to expand.
	budget: usize,
	/// The earliest time an edge of the cycle may have.
	start: Moment,
	/// The edges so far, each with the account it leaves.
	path: Vec<(A, Link<A>)>,
	/// The accounts on the path (the start included).
	on_path: BTreeSet<A>,
}

impl<A: Clone + Ord + Encode + Decode> Search<A> {
	/// Whether a path from `node` (reached by the edge `after`) to the target completes a
	/// cycle; the path is left in `self.path` when it does.
	fn dfs<S: WindowStore<A>>(
		&mut self,
		s: &mut Screening<'_, A, S>,
		node: A,
		after: Option<Stamp>,
	) -> bool {
		if self.budget == 0 {
			return false;
		}
		self.budget -= 1;
		// Accounts on the path so far: the path's edges plus one.
		let accounts = self.path.len() + 1;
		// Closing from here makes `accounts + 1` accounts.
		if accounts + 1 > self.max_accounts {
			return false;
		}
		let (id, start) = (s.id, self.start);
		let mut peers = BTreeSet::new();
		let next: Vec<Link<A>> = s
			.peek(&node)
			.out_edges
			.iter()
			.filter(|e| {
				e.stamp.id < id
					&& e.stamp.at >= start
					&& after.is_none_or(|a| e.stamp.id > a.id && e.stamp.at >= a.at)
			})
			.filter(|e| peers.insert(e.peer.clone()))
			.cloned()
			.collect();
		if let Some(close) = next.iter().find(|e| e.peer == self.target) {
			self.path.push((node, close.clone()));
			return true;
		}
		// Going on makes at least `accounts + 2`.
		if accounts + 2 > self.max_accounts {
			return false;
		}
		for link in next {
			if self.on_path.contains(&link.peer) {
				continue;
			}
			let peer = link.peer.clone();
			let stamp = link.stamp;
			self.on_path.insert(peer.clone());
			self.path.push((node.clone(), link));
			if self.dfs(s, peer.clone(), Some(stamp)) {
				return true;
			}
			self.path.pop();
			self.on_path.remove(&peer);
			if self.budget == 0 {
				return false;
			}
		}
		false
	}
}
