// Test-only authoritative DNS server on loopback (UDP and TCP on one port) with scriptable records and failures.
package io.caravan.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Answers every name it holds authoritatively; names it does not hold get NXDOMAIN. Records are
 * added with the fluent methods and may be changed while the server runs. Every query that arrives
 * (UDP or TCP, so a truncated-then-retried lookup counts twice) is logged for assertions.
 */
public final class DnsResponder implements AutoCloseable {

  private static final long TTL = 60;
  private static final int UDP_MIN_PAYLOAD = 512;
  private static final int OUR_EDNS_PAYLOAD = 4096;
  // Bounds CNAME chains so a test that builds a loop gets an answer instead of a hang.
  private static final int MAX_CNAME_HOPS = 8;
  private static final int BIND_ATTEMPTS = 20;

  private final InetAddress loopback;
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final int port; // kept: a closed DatagramSocket reports -1
  private final ExecutorService workers;
  private final Set<Socket> tcpClients = ConcurrentHashMap.newKeySet();

  // One lock guards all scripted state so reset() and lookups never see a half-cleared state.
  private final Object lock = new Object();
  private final Map<Name, List<Record>> records = new HashMap<>();
  private final Set<Name> servfail = new HashSet<>();
  private final Set<Name> silent = new HashSet<>();
  private final Map<String, Integer> counts = new HashMap<>();
  private final List<String> queries = new ArrayList<>();

  private volatile boolean closed;

  private DnsResponder() throws IOException {
    loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    DatagramSocket boundUdp = null;
    ServerSocket boundTcp = null;
    IOException lastFailure = null;
    // The OS picks a free UDP port; the same number may already be taken for TCP, so retry.
    for (int attempt = 0; attempt < BIND_ATTEMPTS && boundTcp == null; attempt++) {
      DatagramSocket candidate = new DatagramSocket(new InetSocketAddress(loopback, 0));
      try {
        ServerSocket server = new ServerSocket();
        try {
          server.bind(new InetSocketAddress(loopback, candidate.getLocalPort()), 50);
        } catch (IOException e) {
          server.close();
          throw e;
        }
        boundUdp = candidate;
        boundTcp = server;
      } catch (IOException e) {
        lastFailure = e;
        candidate.close();
      }
    }
    if (boundTcp == null) {
      throw new IOException("could not bind UDP and TCP on one loopback port", lastFailure);
    }
    udp = boundUdp;
    tcp = boundTcp;
    port = udp.getLocalPort();
    workers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "dns-responder-" + port);
      t.setDaemon(true);
      return t;
    });
    workers.execute(this::udpLoop);
    workers.execute(this::tcpAcceptLoop);
  }

  /** Binds 127.0.0.1 on a free port (UDP and TCP share the number) and starts serving. */
  public static DnsResponder start() {
    try {
      return new DnsResponder();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** "127.0.0.1:port", the form resolver settings usually take. */
  public String address() {
    return "127.0.0.1:" + port();
  }

  // ---- scripting -------------------------------------------------------------------------

  public DnsResponder mx(String domain, int preference, String host) {
    Name owner = name(domain);
    return add(new MXRecord(owner, DClass.IN, TTL, preference, name(host)));
  }

  /** RFC 7505 null MX: "this domain accepts no mail". */
  public DnsResponder nullMx(String domain) {
    return add(new MXRecord(name(domain), DClass.IN, TTL, 0, Name.root));
  }

  public DnsResponder a(String host, String ipv4) {
    try {
      InetAddress address = InetAddress.getByAddress(ipv4Bytes(ipv4));
      return add(new ARecord(name(host), DClass.IN, TTL, address));
    } catch (IOException e) {
      throw new IllegalArgumentException("bad IPv4 address: " + ipv4, e);
    }
  }

  public DnsResponder aaaa(String host, String ipv6) {
    if (!ipv6.contains(":")) {
      // Guards against InetAddress.getByName doing a real lookup on a typo.
      throw new IllegalArgumentException("bad IPv6 address: " + ipv6);
    }
    try {
      InetAddress address = InetAddress.getByName(ipv6);
      if (address.getAddress().length != 16) {
        throw new IllegalArgumentException("not an IPv6 address: " + ipv6);
      }
      return add(new AAAARecord(name(host), DClass.IN, TTL, address));
    } catch (IOException e) {
      throw new IllegalArgumentException("bad IPv6 address: " + ipv6, e);
    }
  }

  /**
   * One TXT record; each argument becomes one or more character-strings of at most 255 bytes
   * (UTF-8), so long values such as DKIM keys are split the way zone files split them.
   */
  public DnsResponder txt(String name, String... strings) {
    // Built from wire-format rdata: dnsjava's String constructors would interpret backslashes.
    ByteArrayOutputStream rdata = new ByteArrayOutputStream();
    List<String> parts = strings.length == 0 ? List.of("") : List.of(strings);
    for (String s : parts) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      int offset = 0;
      do {
        int chunk = Math.min(255, bytes.length - offset);
        rdata.write(chunk);
        rdata.write(bytes, offset, chunk);
        offset += chunk;
      } while (offset < bytes.length);
    }
    return add(Record.newRecord(name(name), Type.TXT, DClass.IN, TTL, rdata.toByteArray()));
  }

  public DnsResponder cname(String name, String target) {
    return add(new CNAMERecord(name(name), DClass.IN, TTL, name(target)));
  }

  /** A PTR record in the reverse zone of an IPv4 or IPv6 literal (in-addr.arpa / ip6.arpa). */
  public DnsResponder ptr(String ip, String host) {
    Name reverse;
    try {
      reverse = ReverseMap.fromAddress(ip); // parses the literal, never resolves
    } catch (IOException e) {
      throw new IllegalArgumentException("bad IP address: " + ip, e);
    }
    return add(new PTRRecord(reverse, DClass.IN, TTL, name(host)));
  }

  /** Every query for this name gets SERVFAIL. */
  public DnsResponder servfail(String name) {
    synchronized (lock) {
      servfail.add(name(name));
    }
    return this;
  }

  /** Queries for this name are dropped unanswered, as if the server had timed out. */
  public DnsResponder silent(String name) {
    synchronized (lock) {
      silent.add(name(name));
    }
    return this;
  }

  /** Forgets all records, failure scripts, counters and the query log. */
  public void reset() {
    synchronized (lock) {
      records.clear();
      servfail.clear();
      silent.clear();
      counts.clear();
      queries.clear();
    }
  }

  // ---- assertions ------------------------------------------------------------------------

  /** How many queries arrived for this name and type (e.g. Type.MX), over UDP and TCP. */
  public int queryCount(String name, int type) {
    synchronized (lock) {
      return counts.getOrDefault(queryKey(name(name), type), 0);
    }
  }

  /** Every query so far, in arrival order, as "TYPE name." with the name lower-cased. */
  public List<String> queries() {
    synchronized (lock) {
      return List.copyOf(queries);
    }
  }

  @Override
  public void close() {
    closed = true;
    udp.close();
    try {
      tcp.close();
    } catch (IOException ignored) {
      // Closing anyway.
    }
    for (Socket s : tcpClients) {
      closeQuietly(s);
    }
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- serving ---------------------------------------------------------------------------

  private void udpLoop() {
    byte[] buffer = new byte[65535];
    while (!closed && !udp.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        udp.receive(packet);
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      byte[] query = Arrays.copyOfRange(packet.getData(), packet.getOffset(),
          packet.getOffset() + packet.getLength());
      byte[] reply = answer(query, true);
      if (reply == null) {
        continue;
      }
      try {
        udp.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void tcpAcceptLoop() {
    while (!closed && !tcp.isClosed()) {
      Socket client;
      try {
        client = tcp.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      tcpClients.add(client);
      if (closed) {
        closeQuietly(client); // close() may already have swept tcpClients
        return;
      }
      try {
        workers.execute(() -> serveTcp(client));
      } catch (RejectedExecutionException e) {
        closeQuietly(client);
        return;
      }
    }
  }

  private void serveTcp(Socket client) {
    try (client) {
      DataInputStream in = new DataInputStream(client.getInputStream());
      DataOutputStream out = new DataOutputStream(client.getOutputStream());
      while (!closed) {
        int length;
        try {
          length = in.readUnsignedShort();
        } catch (EOFException e) {
          return;
        }
        byte[] query = new byte[length];
        in.readFully(query);
        byte[] reply = answer(query, false);
        if (reply == null) {
          // Silent: keep the connection open and let the client's own timeout fire.
          continue;
        }
        out.writeShort(reply.length);
        out.write(reply);
        out.flush();
      }
    } catch (IOException e) {
      // Client went away or we are closing.
    } finally {
      tcpClients.remove(client);
    }
  }

  /** Wire-format reply for a wire-format query, or null to send nothing. */
  private byte[] answer(byte[] wire, boolean overUdp) {
    Message query;
    try {
      query = new Message(wire);
    } catch (IOException e) {
      return formErr(wire);
    }
    Header qh = query.getHeader();
    if (qh.getFlag(Flags.QR)) {
      return null; // never answer responses
    }
    Message reply = new Message(qh.getID());
    Header rh = reply.getHeader();
    rh.setFlag(Flags.QR);
    rh.setFlag(Flags.AA);
    if (qh.getFlag(Flags.RD)) {
      rh.setFlag(Flags.RD);
    }
    rh.setOpcode(qh.getOpcode());
    OPTRecord clientOpt = query.getOPT();
    if (clientOpt != null) {
      reply.addRecord(new OPTRecord(OUR_EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
    }
    Record question = query.getQuestion();
    if (qh.getOpcode() != Opcode.QUERY) {
      if (question != null) {
        reply.addRecord(question, Section.QUESTION);
      }
      rh.setRcode(Rcode.NOTIMP);
      return wire(reply);
    }
    if (question == null || qh.getCount(Section.QUESTION) != 1) {
      rh.setRcode(Rcode.FORMERR);
      return wire(reply);
    }
    reply.addRecord(question, Section.QUESTION);
    Name qname = question.getName();
    int qtype = question.getType();

    synchronized (lock) {
      String key = queryKey(qname, qtype);
      counts.merge(key, 1, Integer::sum);
      queries.add(key);
      if (silent.contains(qname)) {
        return null;
      }
      if (servfail.contains(qname)) {
        rh.unsetFlag(Flags.AA);
        rh.setRcode(Rcode.SERVFAIL);
        return wire(reply);
      }
      resolve(reply, qname, qtype);
    }

    byte[] out = wire(reply);
    if (overUdp) {
      int limit = UDP_MIN_PAYLOAD;
      if (clientOpt != null) {
        limit = Math.max(UDP_MIN_PAYLOAD, clientOpt.getPayloadSize());
      }
      if (out.length > limit) {
        out = truncated(reply, clientOpt != null);
      }
    }
    return out;
  }

  /** Fills answers, following CNAMEs within our own data, and sets NXDOMAIN where due. */
  private void resolve(Message reply, Name qname, int qtype) {
    Name current = qname;
    for (int hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
      List<Record> owned = records.getOrDefault(current, List.of());
      if (owned.isEmpty()) {
        if (!hasDescendant(current)) {
          // Also for a name reached through a CNAME: the rcode describes the chain's end (RFC 6604).
          reply.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        return; // an empty non-terminal (only names below it hold records) is NODATA
      }
      Record alias = null;
      for (Record r : owned) {
        if (r.getType() == qtype || qtype == Type.ANY) {
          reply.addRecord(r, Section.ANSWER);
        } else if (r.getType() == Type.CNAME) {
          alias = r;
        }
      }
      if (alias == null || qtype == Type.CNAME || qtype == Type.ANY) {
        return; // answered, or NODATA
      }
      reply.addRecord(alias, Section.ANSWER);
      current = ((CNAMERecord) alias).getTarget();
    }
  }

  private boolean hasDescendant(Name name) {
    for (Name owner : records.keySet()) {
      if (owner.subdomain(name)) {
        return true;
      }
    }
    return false;
  }

  /** Header and question only, with TC set, so the client retries over TCP. */
  private static byte[] truncated(Message full, boolean withOpt) {
    Message small = new Message(full.getHeader().getID());
    Header h = small.getHeader();
    for (int flag : new int[] {Flags.QR, Flags.AA, Flags.RD}) {
      if (full.getHeader().getFlag(flag)) {
        h.setFlag(flag);
      }
    }
    h.setFlag(Flags.TC);
    h.setRcode(full.getHeader().getRcode());
    small.addRecord(full.getQuestion(), Section.QUESTION);
    if (withOpt) {
      small.addRecord(new OPTRecord(OUR_EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
    }
    return wire(small);
  }

  /**
   * Uncompressed wire form. dnsjava's own compression points later names at the question, which
   * would rewrite their case to the querier's; this keeps every name exactly as scripted.
   */
  private static byte[] wire(Message message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    out.writeBytes(message.getHeader().toWire());
    for (int section : new int[] {Section.QUESTION, Section.ANSWER, Section.AUTHORITY,
        Section.ADDITIONAL}) {
      for (Record r : message.getSection(section)) {
        out.writeBytes(r.toWire(section));
      }
    }
    return out.toByteArray();
  }

  /** FORMERR echoing the ID, if at least the ID could be read; otherwise nothing. */
  private static byte[] formErr(byte[] wire) {
    if (wire.length < 2) {
      return null;
    }
    int id = ((wire[0] & 0xff) << 8) | (wire[1] & 0xff);
    Message reply = new Message(id);
    reply.getHeader().setFlag(Flags.QR);
    reply.getHeader().setRcode(Rcode.FORMERR);
    return wire(reply);
  }

  private DnsResponder add(Record record) {
    synchronized (lock) {
      records.computeIfAbsent(record.getName(), n -> new ArrayList<>()).add(record);
    }
    return this;
  }

  private static String queryKey(Name name, int type) {
    return Type.string(type) + " " + name.toString().toLowerCase(Locale.ROOT);
  }

  /** Absolute name; dnsjava's Name compares and hashes case-insensitively. */
  private static Name name(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("bad DNS name: " + text, e);
    }
  }

  private static byte[] ipv4Bytes(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("bad IPv4 address: " + text);
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      int v;
      try {
        v = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad IPv4 address: " + text, e);
      }
      if (v < 0 || v > 255 || parts[i].isEmpty()) {
        throw new IllegalArgumentException("bad IPv4 address: " + text);
      }
      out[i] = (byte) v;
    }
    return out;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // Best effort.
    }
  }
}
