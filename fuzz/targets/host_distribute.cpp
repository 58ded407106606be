// Fuzz target: `parceltool host --root DIR distribute FUZZ-1.0-el7.parcel`, the
// unpacker of untrusted parcels. Each input gets a fresh host root; afterwards
// the target asserts that nothing was written outside it: the scratch tree holds
// only the input file and the root. The root sits a few levels down, so "../"
// escapes of up to that depth land inside the checked tree.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>
#include "../check.hpp"
#include "../scratch.hpp"
#include "parcel/host/extract.hpp"
#include "parcel/host/host.hpp"
#include "parcel/support/error.hpp"

namespace fs = std::filesystem;

namespace {

bool isUnder(const fs::path& path, const fs::path& folder) {
  const auto relative = path.lexically_relative(folder);
  return !relative.empty() && *relative.begin() != "..";
}

// Every entry of `tree`, without following links, must be on `allowed` or
// inside `root`.
void checkNothingOutside(const fs::path& tree, const fs::path& root, const std::vector<fs::path>& allowed) {
  for (auto it = fs::recursive_directory_iterator(tree); it != fs::recursive_directory_iterator(); ++it) {
    const fs::path& path = it->path();
    if (path == root || isUnder(path, root)) {
      it.disable_recursion_pending();
      continue;
    }
    bool ok = false;
    for (const fs::path& a : allowed) ok = ok || path == a;
    if (!ok) std::fprintf(stderr, "written outside the host root: %s\n", path.c_str());
    FUZZ_CHECK(ok, "nothing is written outside the host root");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fs::path tree = parcel::fuzz::scratchRoot() / "tree";
  const fs::path work = tree / "a" / "b" / "c";
  const fs::path input = work / "in" / "FUZZ-1.0-el7.parcel";
  const fs::path root = work / "host";
  fs::create_directories(input.parent_path());
  parcel::fuzz::writeBytes(input, data, size);
  try {
    parcel::host::Host host(root);
    parcel::Diagnostics out;
    const bool done = host.distribute(input, out);
    FUZZ_CHECK(done != out.hasErrors(), "distribute fails exactly when it reports an error");
    if (done) FUZZ_CHECK(fs::is_directory(root / "parcels" / "FUZZ-1.0"), "a distributed parcel is unpacked");
  } catch (const parcel::IoError&) {
    // A file system refusal (a name too long, say) is a reported failure, not a crash.
  }
  checkNothingOutside(tree, root, {tree / "a", tree / "a" / "b", work, work / "in", input});
  parcel::host::removeTree(tree);
  return 0;
}
