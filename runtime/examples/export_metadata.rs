//! Writes the runtime's metadata (SCALE-encoded `RuntimeMetadataPrefixed`, version 16) to the
//! file given as the first argument: the `client/metadata/genex.scale` that `genex-client`'s
//! typed API is generated from. `scripts/update-metadata.sh` runs this.

fn main() {
	let path = std::env::args().nth(1).expect("usage: export_metadata <output.scale>");
	let metadata = genex_runtime::metadata_bytes();
	std::fs::write(&path, &metadata).expect("write the metadata file");
	println!("wrote {} bytes of metadata to {path}", metadata.len());
}
