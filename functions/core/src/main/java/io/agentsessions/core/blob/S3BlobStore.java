package io.agentsessions.core.blob;

import io.agentsessions.core.error.StoreUnavailableException;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link BlobStore} on one S3 bucket (encrypted by the bucket's default encryption). */
public final class S3BlobStore implements BlobStore {
    private final S3Client s3;
    private final String bucket;

    /** The client is built once per container; the bucket comes from configuration. */
    public S3BlobStore(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    @Override
    public void put(String key, byte[] content) {
        try {
            s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/gzip"), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw new StoreUnavailableException("The object store is unavailable; nothing was written.", e);
        }
    }

    @Override
    public byte[] get(String key) {
        try {
            return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new BlobNotFoundException(key, e);
        } catch (SdkException e) {
            throw new StoreUnavailableException("The object store is unavailable.", e);
        }
    }

    @Override
    public List<String> list(String prefix, String startAfter, int max) {
        try {
            return s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).startAfter(startAfter).maxKeys(max))
                    .contents().stream().map(S3Object::key).toList();
        } catch (SdkException e) {
            throw new StoreUnavailableException("The object store is unavailable.", e);
        }
    }

    @Override
    public void delete(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        try {
            var response = s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.quiet(true)
                    .objects(keys.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList())));
            if (response.hasErrors() && !response.errors().isEmpty()) {
                throw new StoreUnavailableException("The object store did not delete " + response.errors().size()
                        + " objects.", null);
            }
        } catch (SdkException e) {
            throw new StoreUnavailableException("The object store is unavailable.", e);
        }
    }
}
