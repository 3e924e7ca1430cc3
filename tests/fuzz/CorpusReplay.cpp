// A main() for the fuzz targets when the compiler has no libFuzzer: runs
// LLVMFuzzerTestOneInput once on every file of the folders or files given
// on the command line, so the seed corpus and every input that once crashed
// stay regression tests in any build.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

void replayFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::cout << "replaying " << path.string() << " (" << bytes.size() << " bytes)" << std::endl;
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
    int replayed = 0;
    for (int i = 1; i < argc; ++i) {
        std::filesystem::path argument(argv[i]);
        if (std::filesystem::is_directory(argument)) {
            for (const auto& entry : std::filesystem::recursive_directory_iterator(argument)) {
                if (!entry.is_regular_file()) continue;
                replayFile(entry.path());
                ++replayed;
            }
        } else {
            replayFile(argument);
            ++replayed;
        }
    }
    if (replayed == 0) {
        std::cerr << "no input files found; pass corpus folders or files" << std::endl;
        return 1;
    }
    std::cout << replayed << " input(s) replayed" << std::endl;
    return 0;
}
