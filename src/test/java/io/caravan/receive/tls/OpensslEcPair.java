// Test fixture: a throwaway EC pair exactly as `openssl ecparam -genkey` and `openssl req -x509` wrote it.
package io.caravan.receive.tls;

/** Valid until 2126; the key protects nothing but these tests. */
final class OpensslEcPair {

    /** Note the EC PARAMETERS block before the key: openssl writes it and Caravan must skip it. */
    static final String KEY = """
            -----BEGIN EC PARAMETERS-----
            BggqhkjOPQMBBw==
            -----END EC PARAMETERS-----
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEII3aGp8iZMY+8eFHoDJplVkB6nVa5rG+6WqAJPYRAGDEoAoGCCqGSM49
            AwEHoUQDQgAE46UqtLZva6WTuFG9RGL0cLY0GXwr+FMSahJF72DupdSAf1QLZ52W
            ZRxEkjJ1ZL1mkOW7kJaar2t+RrNF9f14jg==
            -----END EC PRIVATE KEY-----
            """;

    static final String CERTIFICATE = """
            -----BEGIN CERTIFICATE-----
            MIIBizCCATGgAwIBAgIUC5vJh0TTpxMeykPpzFG8hVkWQFIwCgYIKoZIzj0EAwIw
            GjEYMBYGA1UEAwwPbXgub3BlbnNzbC50ZXN0MCAXDTI2MTEyNjIzMzUwMFoYDzIx
            MjYxMTAyMjMzNTAwWjAaMRgwFgYDVQQDDA9teC5vcGVuc3NsLnRlc3QwWTATBgcq
            hkjOPQIBBggqhkjOPQMBBwNCAATjpSq0tm9rpZO4Ub1EYvRwtjQZfCv4UxJqEkXv
            YO6l1IB/VAtnnZZlHESSMnVkvWaQ5buQlpqva35Gs0X1/XiOo1MwUTAdBgNVHQ4E
            FgQUylhrbGWwiYSvblkJChND9Zfxe8owHwYDVR0jBBgwFoAUylhrbGWwiYSvblkJ
            ChND9Zfxe8owDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiBchl0D
            bGMz2rrcOdT7wgU9sV40PrGgdPyh0I7/mG01TQIhAPq7ePlrLVKUel5DAxekhMHE
            qEu1RrLbVk5vjRGWqTp2
            -----END CERTIFICATE-----
            """;

    private OpensslEcPair() {
    }
}
