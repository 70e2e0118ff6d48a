package io.zerone.insights.render.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NoIndexTests {

    @Test
    void robotsMetaGoesRightAfterTheCharsetAndNothingElseChanges() {
        String page = "<!DOCTYPE html><html><head>\n<meta charset=\"utf-8\">\n<title>t</title></head></html>";

        String marked = NoIndex.mark(page);

        assertThat(marked).isEqualTo("<!DOCTYPE html><html><head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"robots\" content=\"noindex\">\n<title>t</title></head></html>");
        assertThat(marked.replace(NoIndex.META + "\n", "")).isEqualTo(page);
    }

    @Test
    void pageWithoutCharsetIsMarkedAtTheStartOfItsHead() {
        assertThat(NoIndex.mark("<html><head><title>t</title></head></html>"))
                .isEqualTo("<html><head><meta name=\"robots\" content=\"noindex\"><title>t</title></head></html>");
    }

    @Test
    void rejectsPageWithoutHead() {
        assertThatThrownBy(() -> NoIndex.mark("<p>no head</p>")).isInstanceOf(IllegalArgumentException.class);
    }
}
