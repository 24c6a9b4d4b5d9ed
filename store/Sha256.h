// SHA-256 of bytes and of files (OpenSSL's libcrypto), as lowercase hex: the
// run store's content addresses.
#pragma once

#include <openssl/evp.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "common/Status.h"

namespace popper::store {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  std::string hex();  // finishes the digest

 private:
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx_;
};

std::string sha256Hex(std::string_view bytes);

struct FileDigest {
  std::string sha256;
  uint64_t size = 0;
};
// Reads `path` in chunks; an unreadable file is an error naming it.
Result<FileDigest> sha256File(const std::string& path);
// The same from an open file, from where it is to its end (`path` names it in errors).
Result<FileDigest> sha256Stream(std::FILE* f, const std::string& path);

}  // namespace popper::store
