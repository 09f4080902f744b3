package org.mailresponder.database;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import org.h2.tools.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default's H2 database opened to admin commands while the service runs. An H2 file can be opened by
 * one process only (and {@code AUTO_SERVER} cannot be combined with the {@code DB_CLOSE_ON_EXIT=FALSE} the service
 * needs), so the service serves its open database over TCP on 127.0.0.1, and the commands connect there instead of
 * to the locked file.
 *
 * <p>Secured by a secret: the server serves only the one database (H2's {@code -key}: the database name in the
 * client URL must be a random 256-bit token, else "wrong user or password"), accepts local connections only, and
 * creates no database. The token and port are written to {@code <database>.server} beside the database file, readable
 * by the service's user only; it is made new at every start and removed at stop.
 */
public final class H2AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(H2AdminServer.class);
    private static final String FILE_PREFIX = "jdbc:h2:file:";
    /** The settings a client must use to see the database as the service does (SQL dialect, identifier case). */
    private static final String CLIENT_OPTIONS_PATTERN = "(?i)(MODE|DATABASE_TO_LOWER|DATABASE_TO_UPPER|CASE_INSENSITIVE_IDENTIFIERS)=.*";

    private final Server server;
    private final Path file;
    private final String url;

    private H2AdminServer(Server server, Path file, String url) {
        this.server = server;
        this.file = file;
        this.url = url;
    }

    /** Whether the URL is an embedded H2 file database (the embedded default). */
    public static boolean isEmbeddedFile(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.strip().toLowerCase(Locale.ROOT).startsWith(FILE_PREFIX);
    }

    /** The database file's path without H2's suffix, e.g. {@code /srv/data/responder} for {@code ./data/responder}. */
    static Path databasePath(String jdbcUrl) {
        String rest = jdbcUrl.strip().substring(FILE_PREFIX.length());
        int semicolon = rest.indexOf(';');
        return Path.of(semicolon < 0 ? rest : rest.substring(0, semicolon)).toAbsolutePath().normalize();
    }

    /** Where the service advertises its server for {@code jdbcUrl}: {@code <database>.server}. */
    public static Path advertisement(String jdbcUrl) {
        Path db = databasePath(jdbcUrl);
        return db.resolveSibling(db.getFileName() + ".server");
    }

    /**
     * Starts the server for an embedded H2 file URL whose database the caller has open; nothing for other URLs.
     *
     * @param port TCP port on 127.0.0.1, 0 for any free one
     */
    public static Optional<H2AdminServer> startIfEmbedded(String jdbcUrl, int port) {
        if (!isEmbeddedFile(jdbcUrl)) {
            return Optional.empty();
        }
        Path db = databasePath(jdbcUrl);
        String token = random();
        try {
            Server server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-tcpDaemon", "-ifExists",
                    "-tcpPassword", random(), "-key", token, db.toString()).start();
            String url = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/" + token + clientOptions(jdbcUrl);
            Path file = advertisement(jdbcUrl);
            write(file, url);
            LOG.info("Admin commands reach this service's database through 127.0.0.1:{} (address and key in {}, "
                    + "readable by this user only)", server.getPort(), file);
            return Optional.of(new H2AdminServer(server, file, url));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the embedded database to admin commands on 127.0.0.1:" + port
                    + " (responder.db.admin-port): " + e.getMessage(), e);
        }
    }

    /**
     * The URL of a running service's server for this embedded database, when one is advertised.
     *
     * @throws IllegalStateException when the advertisement exists but cannot be read (another user's service)
     */
    public static Optional<String> advertisedUrl(String jdbcUrl) {
        if (!isEmbeddedFile(jdbcUrl)) {
            return Optional.empty();
        }
        Path file = advertisement(jdbcUrl);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IllegalStateException("the running service's database is reachable only by the user the service "
                    + "runs as: " + file + " is not readable by this user (run the command as that user)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return Optional.ofNullable(p.getProperty("url"));
    }

    public String url() {
        return url;
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.stop();
        try {
            Optional<String> advertised = Files.exists(file) ? advertisedUrlIn(file) : Optional.empty();
            if (advertised.isPresent() && advertised.get().equals(url)) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot remove {}: {}", file, e.getMessage());
        }
    }

    private static Optional<String> advertisedUrlIn(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return Optional.ofNullable(p.getProperty("url"));
    }

    private static String clientOptions(String jdbcUrl) {
        StringBuilder options = new StringBuilder();
        String[] parts = jdbcUrl.strip().split(";");
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].matches(CLIENT_OPTIONS_PATTERN)) {
                options.append(';').append(parts[i]);
            }
        }
        return options.toString();
    }

    /** Written beside the database, owner-only from the first byte, then renamed into place. */
    private static void write(Path file, String url) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(tmp);
            } catch (FileAlreadyExistsException raced) {
                throw new IOException("another process is writing " + tmp, raced);
            }
            // plain "name=value" lines (no escaping), so that a shell can read the URL: sed -n 's/^url=//p'
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("# How admin commands reach the running mail-responder's database; removed when it stops\n");
                w.write("url=" + url + "\n");
                w.write("pid=" + ProcessHandle.current().pid() + "\n");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String random() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
