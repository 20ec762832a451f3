package dev.parley.loadgen;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The end of an {@code idle} run: the sockets held, chat-service's heap per socket, the descriptors. */
final class IdleReport {

    private final IdleBenchmark.Result result;
    private final boolean direct;
    private final List<Double> loadAtStart;
    private final List<Double> loadAtEnd;

    /** @param direct whether the sockets went to chat-service directly rather than through gateways */
    IdleReport(IdleBenchmark.Result result, boolean direct, List<Double> loadAtStart, List<Double> loadAtEnd) {
        this.result = result;
        this.direct = direct;
        this.loadAtStart = loadAtStart;
        this.loadAtEnd = loadAtEnd;
    }

    void print() {
        System.out.println();
        System.out.printf("sockets    %d open of %d requested (%d failed), via %s, opened in %.1f s%n",
                result.opened(), result.requested(), result.failed(),
                direct ? "chat-service directly" : result.openedByServer().size() + " gateway(s)",
                result.openingTook().toMillis() / 1000.0);
        if (!direct) {
            result.openedByServer().forEach((server, opened) ->
                    System.out.printf("           %d through %s%n", opened, server));
        }
        System.out.printf("chat heap  %.1f MB before, %.1f MB after (live, after full GC)%n",
                result.heapBefore() / 1e6, result.heapAfter() / 1e6);
        System.out.printf("per socket %.1f KB of chat-service heap%n", result.bytesPerConnection() / 1024);
        result.descriptors().forEach((process, count) ->
                System.out.printf("open fds   %d in %s, with the sockets open%n", count, process));
        System.out.printf("load average %s at the start, %s at the end%n", loadAtStart, loadAtEnd);
    }

    void addTo(ObjectNode json) {
        json.put("via", direct ? "chat-service" : "gateway");
        json.put("requested", result.requested());
        json.put("opened", result.opened());
        json.put("failed", result.failed());
        ResultJson.number(json, "openingSeconds", result.openingTook().toMillis() / 1000.0, 1);
        ObjectNode byServer = json.putObject("openedByServer");
        result.openedByServer().forEach((server, opened) -> byServer.put(server.toString(), opened));
        json.put("chatLiveHeapBeforeBytes", result.heapBefore());
        json.put("chatLiveHeapAfterBytes", result.heapAfter());
        ResultJson.number(json, "chatHeapBytesPerSocket", result.bytesPerConnection(), 0);
        ObjectNode descriptors = json.putObject("openDescriptors");
        result.descriptors().forEach(descriptors::put);
        json.set("loadAverage", ResultJson.loadAverage(loadAtStart, loadAtEnd));
    }
}
