package dev.parley.notify;

/**
 * Whether an account has a visible socket anywhere in the cluster: the decision's one question
 * to live delivery, which answers it ({@code delivery/Visibility}).
 */
@FunctionalInterface
public interface Visible {
    boolean anywhere(String accountId);
}
