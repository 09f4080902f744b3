package org.mailresponder.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys in both PEM forms load; every unusable key file is a clear error naming the file and the setting. */
class DkimKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void loadsPkcs1AndPkcs8PemOfTheSameKey() {
        RSAPrivateCrtKey pkcs1 = DkimKeyFile.load(DkimTestKit.PKCS1_KEY);
        RSAPrivateCrtKey pkcs8 = DkimKeyFile.load(DkimTestKit.PKCS8_KEY);
        assertThat(pkcs1.getModulus().bitLength()).isEqualTo(2048);
        assertThat(pkcs1).isEqualTo(pkcs8);
    }

    @Test
    void loadsAKeyFreshlyMadeByOpensslGenrsa() throws Exception {
        Path key = dir.resolve("fresh.pem");
        Process p = new ProcessBuilder("openssl", "genrsa", "-out", key.toString(), "2048").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("openssl genrsa").isTrue();
        assertThat(DkimKeyFile.load(key).getModulus().bitLength()).isEqualTo(2048);
    }

    @Test
    void missingFileIsAClearError() {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> DkimKeyFile.load(missing))
                .isInstanceOf(DkimKeyFile.DkimKeyException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist")
                .hasMessageContaining("responder.dkim.sign.key-file");
    }

    @Test
    void unreadableFileIsAClearError() throws Exception {
        // A directory stands in for an unreadable file: reading it fails even as root.
        Path directory = Files.createDirectory(dir.resolve("key.pem"));
        assertThatThrownBy(() -> DkimKeyFile.load(directory))
                .isInstanceOf(DkimKeyFile.DkimKeyException.class).hasMessageContaining("cannot be read");
    }

    @Test
    void notPemPublicKeyEncryptedAndShortKeysAreRefused() throws Exception {
        assertThatThrownBy(() -> DkimKeyFile.load(write("garbage.pem", "hello")))
                .hasMessageContaining("is not a PEM file");
        assertThatThrownBy(() -> DkimKeyFile.load(write("pub.pem", pem("PUBLIC KEY", new byte[] {1, 2, 3}))))
                .hasMessageContaining("holds a PUBLIC KEY");
        assertThatThrownBy(() -> DkimKeyFile.load(write("enc.pem", pem("ENCRYPTED PRIVATE KEY", new byte[] {1}))))
                .hasMessageContaining("is encrypted");
        assertThatThrownBy(() -> DkimKeyFile.load(write("damaged.pem", pem("PRIVATE KEY", new byte[] {1, 2, 3}))))
                .hasMessageContaining("not a usable RSA private key");
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(512);
        byte[] small = gen.generateKeyPair().getPrivate().getEncoded();
        assertThatThrownBy(() -> DkimKeyFile.load(write("small.pem", pem("PRIVATE KEY", small))))
                .hasMessageContaining("512-bit");
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
