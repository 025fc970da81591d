package dev.parley.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Files in an S3-compatible object store (AWS S3, MinIO, Garage, Ceph) through the AWS SDK v2,
 * over the JDK's URL connection (no Netty, no Apache client: a smaller jar). Ranges are asked of
 * the store, so seeking in a voice note reads only what is played.
 */
final class S3ObjectStore implements ObjectStore {
    private final S3Client s3;
    private final String bucket;

    /**
     * @param endpoint  empty: AWS's own for the region
     * @param accessKey empty: the SDK's default credential chain (environment, profile, instance role)
     */
    S3ObjectStore(String endpoint, String bucket, String region, String accessKey, String secretKey, boolean pathStyle) {
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(region))
                .forcePathStyle(pathStyle)
                // Checksums only where the API requires them: many S3-compatible stores (S3Proxy,
                // older MinIO and Ceph) refuse the SDK's default streaming-checksum uploads.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(accessKey.isEmpty() ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
        if (!endpoint.isEmpty()) {
            b.endpointOverride(URI.create(endpoint));
        }
        this.s3 = b.build();
        this.bucket = bucket;
    }

    @Override
    public void put(String key, Path file, String contentType) throws IOException {
        try {
            s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw new IOException("storing " + key + " in bucket " + bucket + " failed", e);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(bucket).key(key);
        if (offset > 0 || length >= 0) {
            get.range("bytes=" + offset + "-" + (length < 0 ? "" : String.valueOf(offset + length - 1)));
        }
        try {
            return s3.getObject(get.build());
        } catch (SdkException e) {
            throw new IOException("reading " + key + " from bucket " + bucket + " failed", e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw new IOException("deleting " + key + " from bucket " + bucket + " failed", e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}
