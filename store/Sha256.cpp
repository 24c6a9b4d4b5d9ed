#include "store/Sha256.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace popper::store {

Sha256::Sha256() : ctx_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
  EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr);
}

void Sha256::update(std::string_view bytes) { EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size()); }

std::string Sha256::hex() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx_.get(), digest, &length);
  std::string out;
  out.reserve(size_t{length} * 2);
  for (unsigned int i = 0; i < length; ++i) out += fmt::format("{:02x}", digest[i]);
  return out;
}

std::string sha256Hex(std::string_view bytes) {
  Sha256 h;
  h.update(bytes);
  return h.hex();
}

Result<FileDigest> sha256Stream(std::FILE* f, const std::string& path) {
  Sha256 h;
  FileDigest d;
  std::vector<char> buffer(1 << 20);
  size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), f)) > 0) {
    h.update(std::string_view(buffer.data(), n));
    d.size += n;
  }
  if (std::ferror(f)) return Status::ioError(fmt::format("cannot read '{}'", path));
  d.sha256 = h.hex();
  return d;
}

Result<FileDigest> sha256File(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!f) return Status::ioError(fmt::format("cannot read '{}': {}", path, std::strerror(errno)));
  return sha256Stream(f.get(), path);
}

}  // namespace popper::store
