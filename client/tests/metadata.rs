//! The typed client is generated from `metadata/genex.scale`; this fails when that file no
//! longer matches the runtime in this repository. Fix: `scripts/update-metadata.sh`.

#[test]
fn committed_metadata_matches_the_runtime() {
	let current = genex_runtime::metadata_bytes();
	assert!(
		current == genex_client::METADATA,
		"client/metadata/genex.scale is stale ({} bytes, the runtime's metadata is {} bytes): \
		 run scripts/update-metadata.sh and commit the result",
		genex_client::METADATA.len(),
		current.len()
	);
}
