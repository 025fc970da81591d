package dev.parley.web;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a browser test fails, photographs every open browser and saves its page text beside the
 * screenshots, so the failure can be seen rather than guessed. Runs before the test's browsers
 * are closed in its after-each method.
 */
final class ScreenshotsOnFailure implements TestExecutionExceptionHandler {
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        String test = context.getRequiredTestMethod().getName();
        for (Browser b : Browser.OPEN) {
            try {
                String file = "FAILED-" + test + "-" + b.name;
                b.screenshot(file);
                Files.writeString(Browser.SCREENSHOTS.resolve(file + ".txt"),
                        b.driver.getCurrentUrl() + "\n\n" + b.bodyText());
            } catch (RuntimeException | IOException e) {
                failure.addSuppressed(e);
            }
        }
        throw failure;
    }
}
