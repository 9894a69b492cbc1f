package dev.bedrockauditor.alert;

import dev.bedrockauditor.config.TopicArn;

/** Sends the run's one alert, and checks up front that it can. */
public interface AlertSender {

    /**
     * @return the message id
     * @throws AlertFailedException with a reason a person can act on
     */
    String send(TopicArn topic, AlertMessage message);

    /**
     * Checks that the topic exists and this caller can reach it, so a wrong topic shows on the first run
     * rather than at the first change.
     *
     * @throws AlertFailedException naming the topic and what is wrong
     */
    void check(TopicArn topic);

    /** The alert could not be sent. */
    final class AlertFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public AlertFailedException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
