package io.rampart.internal;

/**
 * The check of a handler's answer against its group's declared answer class
 * ({@code GroupSpec.answerType()}): an ask's future is typed by it, so an answer of another class
 * must never complete one. Null is every type's answer.
 */
final class AnswerType {
    private AnswerType() {
    }

    /** @return the refusal to throw if {@code value} is not an answer of {@code type}; null if it is */
    static IllegalArgumentException check(String group, Class<?> type, Object value) {
        if (value == null || type == Object.class || type.isInstance(value)) {
            return null;
        }
        return new IllegalArgumentException("group '" + group + "' answers " + type.getName() + "; got "
                + value.getClass().getName());
    }
}
