//! The runtime API apps and auditors call (over JSON-RPC `state_call`) to check the mapping
//! table against its anchors.

use crate::types::{EpochIndex, FinalRoot, ProofError};
use genex_primitives::mapping::MappingLeaf;
use sp_core::H256;

sp_api::decl_runtime_apis! {
	/// Mapping anchors: the latest final root, and proofs of rows against final roots.
	pub trait MappingAnchorApi {
		/// The latest epoch with a final root, its root and row count.
		fn latest_final_root() -> Option<FinalRoot>;

		/// Whether `leaf` is row `leaf_index` of the table anchored for `epoch` (the latest
		/// final epoch when `None`), as shown by `proof` (the sibling hashes from the leaf up).
		/// On success, the final root it was checked against.
		fn verify_proof(
			epoch: Option<EpochIndex>,
			leaf: MappingLeaf,
			leaf_index: u32,
			proof: alloc::vec::Vec<H256>,
		) -> Result<FinalRoot, ProofError>;
	}
}
