package dev.parley.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 API server for one test class (S3Proxy on a filesystem backend in a temp dir), on a
 * free loopback port, with one bucket. {@link #settings()} points a node's media store at it.
 */
public final class S3Server implements AutoCloseable {
    public static final String BUCKET = "parley-media";
    private static final String ACCESS = "test-access";
    private static final String SECRET = "test-secret-key";
    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final Path dir;

    private S3Server(S3Proxy proxy, BlobStoreContext context, Path dir) {
        this.proxy = proxy;
        this.context = context;
        this.dir = dir;
    }

    public static S3Server start() {
        try {
            Path dir = Files.createTempDirectory("parley-s3");
            Properties props = new Properties();
            props.setProperty("jclouds.filesystem.basedir", dir.toString());
            BlobStoreContext context = ContextBuilder.newBuilder("filesystem").credentials(ACCESS, SECRET)
                    .overrides(props).build(BlobStoreContext.class);
            context.getBlobStore().createContainerInLocation(null, BUCKET);
            S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore())
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET).build();
            proxy.start();
            Eventually.await("S3Proxy started", java.time.Duration.ofSeconds(10), () -> proxy.getState().equals("STARTED"));
            return new S3Server(proxy, context, dir);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy", e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    /** Settings for a node whose media store is this server. */
    public Map<String, String> settings() {
        return Map.of("media.store", "s3", "media.s3_endpoint", endpoint(), "media.s3_bucket", BUCKET,
                "media.s3_region", "us-east-1", "media.s3_access_key", ACCESS, "media.s3_secret_key", SECRET,
                "media.s3_path_style", "on");
    }

    /** The keys in the bucket now. */
    public java.util.Set<String> keys() {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        context.getBlobStore().list(BUCKET).forEach(m -> keys.add(m.getName()));
        return keys;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
