package dev.bedrockauditor.config;

import java.util.regex.Pattern;

/**
 * The name of the IAM role assumed in each member account, as IAM accepts it: 1 to 64 letters, digits or
 * {@code +=,.@_-}. A path is not part of the name: the role's ARN is built as {@code role/NAME}.
 *
 * @param defaultName the member template's role name
 */
record RoleName(String defaultName) implements SettingKind<String> {

    /** IAM's pattern and length limit for role names (API reference, CreateRole's RoleName). */
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

    @Override
    public String parse(SettingInput input) {
        String name = input.value().trim();
        if (!ROLE_NAME.matcher(name).matches()) {
            throw new ConfigurationException(input.name() + " is '" + input.value() + "', which is not an IAM role"
                    + " name; expected 1 to 64 letters, digits or + = , . @ _ - (no path), e.g. " + defaultName);
        }
        return name;
    }

    @Override
    public String absent() {
        return defaultName;
    }

    @Override
    public String describe() {
        return "(default: " + defaultName + ", the member template's role)";
    }
}
