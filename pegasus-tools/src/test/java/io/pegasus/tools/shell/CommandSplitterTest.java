package io.pegasus.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pegasus.data.Bytes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandSplitterTest {
    @Test
    void wordsCommandsAndQuotes() {
        assertThat(CommandSplitter.split("  use t ; set a b 'c d';get a b  "))
                .containsExactly(List.of("use", "t"), List.of("set", "a", "b", "c d"), List.of("get", "a", "b"));
        assertThat(CommandSplitter.split("set \"a;b\" '' v")).containsExactly(List.of("set", "a;b", "", "v"));
        assertThat(CommandSplitter.split(" ; ;")).isEmpty();
    }

    @Test
    void backslashesAreKeptForTheKeyEscapes() {
        List<String> words =
                CommandSplitter.split("set h\\x00 \"q\\\"uote\" a\\ b").get(0);
        assertThat(words).containsExactly("set", "h\\x00", "q\\\"uote", "a\\ b");
        assertThat(Bytes.unescape(words.get(1))).containsExactly('h', 0);
        assertThat(Bytes.unescape(words.get(2))).isEqualTo(Bytes.utf8("q\"uote"));
    }

    @Test
    void anUnterminatedQuoteIsAnError() {
        assertThatThrownBy(() -> CommandSplitter.split("set 'a b")).hasMessageContaining("unterminated");
    }

    @Test
    void jsonEscapesWhatItMust() {
        assertThat(Json.write(Map.of("k", List.of("a\"b\\c\n", 1, true))))
                .isEqualTo("{\"k\":[\"a\\\"b\\\\c\\n\",1,true]}");
    }
}
