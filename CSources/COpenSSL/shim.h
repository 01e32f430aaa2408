/* OpenSSL libcrypto: SHA-256 and HMAC for everything hashed outside circuits. */
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/opensslv.h>
#include <openssl/sha.h>
