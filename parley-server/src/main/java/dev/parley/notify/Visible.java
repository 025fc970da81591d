package dev.parley.notify;

/**
 * Whether an account has a visible socket anywhere in the cluster: the decision's one question
 * to live delivery, which answers it ({@code delivery/Visibility}).
 */
@FunctionalInterface
public interface Visible {
    boolean anywhere(String accountId);

    /**
     * Whether the person has a visible socket anywhere while acting for a business: a business's
     * agent at a visible tab, whose client tells them of the business's conversations itself.
     */
    default boolean actingAnywhere(String personId) {
        return false;
    }
}
