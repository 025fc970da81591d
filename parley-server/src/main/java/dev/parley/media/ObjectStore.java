package dev.parley.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where files' bytes live: {@link DiskObjectStore} under the data directory (the default) or
 * {@link S3ObjectStore} in an S3-compatible object store (a cluster). Keys are an upload's id,
 * with a suffix for each thumbnail.
 */
interface ObjectStore extends AutoCloseable {
    /** Stores the file's bytes under the key (the file itself is left for the caller to delete). */
    void put(String key, Path file, String contentType) throws IOException;

    /**
     * @param offset the first byte
     * @param length how many bytes; -1: to the end
     */
    InputStream open(String key, long offset, long length) throws IOException;

    /** Deletes the key if it exists. */
    void delete(String key) throws IOException;

    @Override
    default void close() {}
}
