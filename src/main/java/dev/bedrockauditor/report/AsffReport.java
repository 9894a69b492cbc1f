package dev.bedrockauditor.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.bedrockauditor.asff.SdkModelJson;
import java.util.List;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/** The findings as a JSON array in ASFF, exactly as {@code aws securityhub batch-import-findings --findings} takes them. */
public final class AsffReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AsffReport() {}

    public static String render(List<AwsSecurityFinding> findings) {
        ArrayNode array = JSON.createArrayNode();
        findings.forEach(finding -> array.add(SdkModelJson.toJson(finding)));
        return PrettyJson.text(array);
    }
}
