package io.pegasus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class SvgChartTest {
    @Test
    void drawsOneLinePerSystemInEachPanelAsWellFormedSvg() throws Exception {
        List<RunResult> results = List.of(
                new RunResult("pegasus", "A", 1, 1, 100, 0, 100, 10, 20, 30, Double.NaN),
                new RunResult("pegasus", "A", 4, 1, 300, 0, 300, 10, 40, 30, Double.NaN),
                new RunResult("etcd", "A", 1, 1, 50, 0, 50, 10, 2000, 30, Double.NaN),
                new RunResult("etcd", "A", 4, 1, 80, 0, 80, 10, 9000, 30, Double.NaN),
                new RunResult("etcd", "C", 4, 1, 80, 0, 80, 10, 9000, 30, Double.NaN));
        String svg = SvgChart.of(results, "a <title> & more");
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        // workload A: 2 systems x (throughput, p99); workload C: etcd only, one point each, still a polyline
        assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(6);
        assertThat(svg).contains("a &lt;title&gt; &amp; more").contains("workload C: p99 (us)");
    }
}
