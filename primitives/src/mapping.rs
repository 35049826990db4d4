//! The phone->address mapping table as a Merkle tree: what the anchor parties compute every
//! hour, what the chain verifies proofs against, and what an outside auditor can reproduce
//! from this description alone.
//!
//! - **Salted user id** = keccak-256(salt ‖ user identifier as UTF-8). The salt is the
//!   platform's secret, so the id reveals nothing about the person (no personal data leaves
//!   the platform, not even hashed phone numbers that could be brute-forced).
//! - **Leaf** = salted user id (32 bytes) ‖ address (20 bytes): 52 bytes.
//! - **Order**: leaves sorted ascending as byte strings (by salted id, then address); a table
//!   with the same leaf twice is refused.
//! - **Tree**: polkadot-sdk's `binary-merkle-tree` with keccak-256: a leaf's node is
//!   keccak-256(leaf), an inner node keccak-256(left ‖ right), and the last node of a level
//!   with an odd count moves up unchanged. A proof lists the sibling nodes from the leaf up,
//!   skipping the levels where the node moved up alone.

use crate::AccountId20;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;

/// The hash of the tree (keccak-256, as `hash_db::Hasher`).
pub type TreeHasher = sp_runtime::traits::Keccak256;

/// Bytes in a leaf: salted user id (32) and address (20).
pub const LEAF_LENGTH: usize = 52;

/// Most sibling hashes a proof can need: a table of at most 2^32 rows.
pub const MAX_PROOF_LENGTH: u32 = 32;

/// One row of the mapping table as the tree sees it.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct MappingLeaf {
	/// keccak-256(salt ‖ user identifier).
	pub salted_user: [u8; 32],
	/// The user's chain address.
	pub address: AccountId20,
}

impl MappingLeaf {
	/// The leaf of `user` (e.g. an E.164 phone number) mapped to `address`, salted with `salt`.
	pub fn new(salt: &[u8], user: &str, address: AccountId20) -> Self {
		Self { salted_user: salted_user_id(salt, user), address }
	}

	/// The 52 bytes that are hashed into the tree.
	pub fn to_bytes(&self) -> [u8; LEAF_LENGTH] {
		let mut bytes = [0u8; LEAF_LENGTH];
		bytes[..32].copy_from_slice(&self.salted_user);
		bytes[32..].copy_from_slice(&self.address.0);
		bytes
	}

	/// The leaf of its 52 bytes; `None` for any other length.
	pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
		if bytes.len() != LEAF_LENGTH {
			return None;
		}
		let mut salted_user = [0u8; 32];
		salted_user.copy_from_slice(&bytes[..32]);
		let mut address = [0u8; 20];
		address.copy_from_slice(&bytes[32..]);
		Some(Self { salted_user, address: AccountId20(address) })
	}

	/// Its node in the tree: keccak-256 of its bytes.
	pub fn hash(&self) -> H256 {
		H256(sp_io::hashing::keccak_256(&self.to_bytes()))
	}
}

/// keccak-256(salt ‖ user identifier as UTF-8).
pub fn salted_user_id(salt: &[u8], user: &str) -> [u8; 32] {
	let mut preimage = alloc::vec::Vec::with_capacity(salt.len() + user.len());
	preimage.extend_from_slice(salt);
	preimage.extend_from_slice(user.as_bytes());
	sp_io::hashing::keccak_256(&preimage)
}

/// Whether `proof` shows `leaf` at `leaf_index` of a table of `leaf_count` leaves with `root`.
pub fn verify_proof(
	root: &H256,
	leaf_count: u32,
	leaf_index: u32,
	leaf: &MappingLeaf,
	proof: &[H256],
) -> bool {
	proof.len() <= MAX_PROOF_LENGTH as usize
		&& binary_merkle_tree::verify_proof::<TreeHasher, _, _>(
			root,
			proof.iter().copied(),
			leaf_count,
			leaf_index,
			binary_merkle_tree::Leaf::Hash(leaf.hash()),
		)
}

/// Why a table cannot be anchored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TableError {
	/// A table with no rows has no root worth anchoring.
	Empty,
	/// The same leaf appears twice (two rows map the same user to the same address).
	DuplicateLeaf(MappingLeaf),
	/// More rows than a proof's index can address.
	TooLarge,
}

impl core::fmt::Display for TableError {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		match self {
			TableError::Empty => write!(f, "the table has no rows"),
			TableError::DuplicateLeaf(leaf) => write!(
				f,
				"two rows map salted user 0x{} to {}",
				HexBytes(&leaf.salted_user),
				leaf.address
			),
			TableError::TooLarge => write!(f, "the table has more than 2^32 - 1 rows"),
		}
	}
}

/// Lower-case hex of bytes, for messages.
struct HexBytes<'a>(&'a [u8]);

impl core::fmt::Display for HexBytes<'_> {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		self.0.iter().try_for_each(|byte| write!(f, "{byte:02x}"))
	}
}

/// The whole tree of a table, every level kept, so that all proofs come out in
/// O(rows · log rows) (asking `binary-merkle-tree` for each proof would rebuild the tree).
#[derive(Clone, Debug)]
pub struct MappingTree {
	leaves: alloc::vec::Vec<MappingLeaf>,
	/// levels[0] are the leaves' nodes; the last level is the root alone.
	levels: alloc::vec::Vec<alloc::vec::Vec<H256>>,
}

impl MappingTree {
	/// Sorts `leaves` and builds the tree; refuses an empty table and duplicate rows.
	pub fn new(mut leaves: alloc::vec::Vec<MappingLeaf>) -> Result<Self, TableError> {
		if leaves.is_empty() {
			return Err(TableError::Empty);
		}
		if u32::try_from(leaves.len()).is_err() {
			return Err(TableError::TooLarge);
		}
		leaves.sort_unstable();
		if let Some(pair) = leaves.windows(2).find(|pair| pair[0] == pair[1]) {
			return Err(TableError::DuplicateLeaf(pair[0]));
		}
		let mut levels =
			alloc::vec![leaves.iter().map(MappingLeaf::hash).collect::<alloc::vec::Vec<_>>()];
		while levels.last().map_or(0, |level| level.len()) > 1 {
			let below = levels.last().expect("at least the leaves' level");
			let mut combined = [0u8; 64];
			let above = below
				.chunks(2)
				.map(|pair| match pair {
					[left, right] => {
						combined[..32].copy_from_slice(left.as_bytes());
						combined[32..].copy_from_slice(right.as_bytes());
						H256(sp_io::hashing::keccak_256(&combined))
					},
					[alone] => *alone,
					_ => unreachable!("chunks(2) yields one or two"),
				})
				.collect();
			levels.push(above);
		}
		Ok(Self { leaves, levels })
	}

	/// The root to anchor.
	pub fn root(&self) -> H256 {
		self.levels.last().and_then(|level| level.first()).copied().unwrap_or_default()
	}

	/// Rows in the table.
	pub fn leaf_count(&self) -> u32 {
		self.leaves.len() as u32
	}

	/// The leaves, sorted: a leaf's index in the tree is its position here.
	pub fn leaves(&self) -> &[MappingLeaf] {
		&self.leaves
	}

	/// Where `leaf` sits in the sorted table.
	pub fn index_of(&self, leaf: &MappingLeaf) -> Option<u32> {
		self.leaves.binary_search(leaf).ok().map(|index| index as u32)
	}

	/// The sibling nodes that prove the leaf at `leaf_index`, from the leaf up; `None` past the
	/// end of the table.
	pub fn proof(&self, leaf_index: u32) -> Option<alloc::vec::Vec<H256>> {
		let mut position = leaf_index as usize;
		if position >= self.leaves.len() {
			return None;
		}
		let mut proof = alloc::vec::Vec::new();
		for level in &self.levels[..self.levels.len() - 1] {
			if let Some(sibling) = level.get(position ^ 1) {
				proof.push(*sibling);
			}
			position /= 2;
		}
		Some(proof)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use alloc::vec::Vec;

	fn leaf(n: u32) -> MappingLeaf {
		let mut address = [0u8; 20];
		address[16..].copy_from_slice(&n.to_be_bytes());
		MappingLeaf::new(b"test salt", &format!("+1555{n:07}"), AccountId20(address))
	}

	/// The tree as the description in this module's docs reads, written again without sharing
	/// code with `MappingTree`: recursive, over the sorted leaf bytes.
	fn independent_root(mut leaves: Vec<[u8; LEAF_LENGTH]>) -> [u8; 32] {
		leaves.sort();
		let mut level: Vec<[u8; 32]> =
			leaves.iter().map(|bytes| sp_crypto_hashing::keccak_256(bytes)).collect();
		while level.len() > 1 {
			let mut next = Vec::new();
			let mut i = 0;
			while i < level.len() {
				if i + 1 < level.len() {
					next.push(sp_crypto_hashing::keccak_256(&[level[i], level[i + 1]].concat()));
				} else {
					next.push(level[i]);
				}
				i += 2;
			}
			level = next;
		}
		level[0]
	}

	#[test]
	fn roots_match_an_independent_computation_and_the_crate() {
		for count in 1..=70u32 {
			let leaves: Vec<MappingLeaf> = (0..count).rev().map(leaf).collect();
			let tree = MappingTree::new(leaves.clone()).unwrap();
			let expected = independent_root(leaves.iter().map(MappingLeaf::to_bytes).collect());
			assert_eq!(tree.root().0, expected, "{count} leaves");
			let mut sorted: Vec<[u8; LEAF_LENGTH]> =
				leaves.iter().map(MappingLeaf::to_bytes).collect();
			sorted.sort();
			assert_eq!(
				tree.root(),
				binary_merkle_tree::merkle_root::<TreeHasher, _>(sorted.iter()),
				"{count} leaves"
			);
			assert_eq!(tree.leaf_count(), count);
		}
	}

	#[test]
	fn every_proof_verifies_first_last_and_odd_counts() {
		for count in [1u32, 2, 3, 5, 7, 8, 9, 31, 33, 100, 255] {
			let tree = MappingTree::new((0..count).map(leaf).collect()).unwrap();
			let root = tree.root();
			let sorted: Vec<[u8; LEAF_LENGTH]> =
				tree.leaves().iter().map(MappingLeaf::to_bytes).collect();
			for index in 0..count {
				let proof = tree.proof(index).unwrap();
				let leaf = tree.leaves()[index as usize];
				assert!(verify_proof(&root, count, index, &leaf, &proof), "{index}/{count}");
				// The same proof as the crate's own (slow) construction.
				let crate_proof =
					binary_merkle_tree::merkle_proof::<TreeHasher, _, _>(sorted.iter(), index);
				assert_eq!(crate_proof.proof, proof, "{index}/{count}");
				assert_eq!(crate_proof.root, root);
				// Not at another index, not for another leaf, not with a changed sibling.
				if count > 1 {
					let other = (index + 1) % count;
					assert!(!verify_proof(&root, count, other, &leaf, &proof));
					let stranger = tree.leaves()[other as usize];
					assert!(!verify_proof(&root, count, index, &stranger, &proof));
					let mut bent = proof.clone();
					bent[0].0[0] ^= 1;
					assert!(!verify_proof(&root, count, index, &leaf, &bent));
				}
				assert!(!verify_proof(&root, count, count, &leaf, &proof), "past the end");
			}
			assert_eq!(tree.proof(count), None);
		}
	}

	#[test]
	fn a_changed_row_changes_the_root_and_fails_its_proof() {
		let leaves: Vec<MappingLeaf> = (0..1_000).map(leaf).collect();
		let tree = MappingTree::new(leaves.clone()).unwrap();
		let index = tree.index_of(&leaves[500]).unwrap();
		let proof = tree.proof(index).unwrap();
		// The platform's table now maps user 500 to another address.
		let mut tampered = leaves[500];
		tampered.address.0[0] ^= 0xff;
		assert!(!verify_proof(&tree.root(), 1_000, index, &tampered, &proof));
		let mut changed = leaves;
		changed[500] = tampered;
		assert_ne!(MappingTree::new(changed).unwrap().root(), tree.root());
	}

	#[test]
	fn tables_are_sorted_and_refused_when_empty_or_duplicated() {
		assert_eq!(MappingTree::new(Vec::new()).unwrap_err(), TableError::Empty);
		let error = MappingTree::new(vec![leaf(1), leaf(2), leaf(1)]).unwrap_err();
		assert_eq!(error, TableError::DuplicateLeaf(leaf(1)));
		assert!(error.to_string().starts_with("two rows map salted user 0x"), "{error}");
		// Row order does not matter.
		let forward = MappingTree::new((0..10).map(leaf).collect()).unwrap();
		let backward = MappingTree::new((0..10).rev().map(leaf).collect()).unwrap();
		assert_eq!(forward.root(), backward.root());
		assert!(forward.leaves().windows(2).all(|pair| pair[0].to_bytes() < pair[1].to_bytes()));
	}

	#[test]
	fn leaves_are_salted_and_round_trip() {
		let address: AccountId20 = "0xf24FF3a9CF04c71Dbc94D0b566f7A27B94566cac".parse().unwrap();
		let leaf = MappingLeaf::new(b"salt", "+14155550100", address);
		assert_eq!(leaf.salted_user, sp_crypto_hashing::keccak_256(b"salt+14155550100"));
		assert_ne!(leaf, MappingLeaf::new(b"pepper", "+14155550100", address));
		assert_eq!(MappingLeaf::from_bytes(&leaf.to_bytes()), Some(leaf));
		assert_eq!(MappingLeaf::from_bytes(&[0u8; 51]), None);
		assert_eq!(leaf.hash().0, sp_crypto_hashing::keccak_256(&leaf.to_bytes()));
	}
}
