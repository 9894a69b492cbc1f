package dev.bedrockauditor.alert;

import dev.bedrockauditor.config.TopicArn;

/** Sends the run's one alert. */
public interface AlertSender {

    /**
     * @return the message id
     * @throws AlertFailedException with a reason a person can act on
     */
    String send(TopicArn topic, AlertMessage message);

    /** The alert could not be sent. */
    final class AlertFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public AlertFailedException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
