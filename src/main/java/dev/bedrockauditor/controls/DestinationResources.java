package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.BucketEvidence;
import dev.bedrockauditor.domain.Observed;
import dev.bedrockauditor.domain.RegionEvidence;
import dev.bedrockauditor.domain.Resource;
import java.util.Optional;

/** The ARNs of the resources a destination consists of, as findings name them. */
final class DestinationResources {

    private DestinationResources() {}

    /** In its own region where that is known, else in the audited one. */
    static Resource bucket(RegionEvidence evidence, BucketEvidence bucket) {
        String region = bucket.region() instanceof Observed.Known<Optional<String>> known
                ? known.value().orElse(evidence.region()) : evidence.region();
        return new Resource(Resource.Kind.S3_BUCKET,
                "arn:" + evidence.partition() + ":s3:::" + bucket.destination().bucketName(), region);
    }

    static Resource logGroup(RegionEvidence evidence, String name) {
        return new Resource(Resource.Kind.LOG_GROUP, "arn:" + evidence.partition() + ":logs:" + evidence.region() + ":"
                + evidence.accountId() + ":log-group:" + name, evidence.region());
    }

    /** IAM is global; the role is listed under the region whose configuration uses it. */
    static Resource role(RegionEvidence evidence, String roleArn) {
        return new Resource(Resource.Kind.IAM_ROLE, roleArn, evidence.region());
    }

    /**
     * A KMS key as a bucket or log group names it: a key ARN, an alias ARN, an alias name or a key id. The
     * last two are resolved in the audited region, where the key must be for the destination to use it.
     */
    static Resource kmsKey(RegionEvidence evidence, String keyId) {
        if (keyId.startsWith("arn:")) {
            String[] parts = keyId.split(":", 6);
            return new Resource(Resource.Kind.KMS_KEY, keyId, parts.length == 6 ? parts[3] : evidence.region());
        }
        String resource = keyId.startsWith("alias/") ? keyId : "key/" + keyId;
        return new Resource(Resource.Kind.KMS_KEY, "arn:" + evidence.partition() + ":kms:" + evidence.region() + ":"
                + evidence.accountId() + ":" + resource, evidence.region());
    }
}
