package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Gateway opcodes.
const (
	opDispatch       = 0
	opHeartbeat      = 1
	opIdentify       = 2
	opPresenceUpdate = 3
	opVoiceState     = 4
	opResume         = 6
	opReconnect      = 7
	opRequestMembers = 8
	opInvalidSession = 9
	opHello          = 10
	opHeartbeatACK   = 11
)

// privilegedIntents need approval in the developer portal.
const privilegedIntents = discordgo.IntentGuildMembers | discordgo.IntentGuildPresences | discordgo.IntentMessageContent

type gwSession struct {
	id  string
	seq int64
}

// gwConn is one gateway websocket connection.
type gwConn struct {
	ws  *websocket.Conn
	wmu sync.Mutex // serialises writes

	mu      sync.Mutex
	session *gwSession
	ready   bool
	closed  bool
}

func (c *gwConn) isReady() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ready && !c.closed
}

func (c *gwConn) write(v any) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteJSON(v)
}

// closeWith sends a close frame with code and closes the connection.
func (c *gwConn) closeWith(code int, reason string) {
	c.mu.Lock()
	c.ready = false
	c.mu.Unlock()
	c.wmu.Lock()
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
	c.wmu.Unlock()
	c.close()
}

// close drops the connection without a close frame.
func (c *gwConn) close() {
	c.mu.Lock()
	c.ready = false
	c.closed = true
	c.mu.Unlock()
	_ = c.ws.Close()
}

type gwPayload struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  *int64          `json:"s,omitempty"`
	T  string          `json:"t,omitempty"`
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// connList returns the open connections. Callers hold s.mu.
func (s *Server) connList() []*gwConn {
	out := make([]*gwConn, 0, len(s.conns))
	for c := range s.conns {
		out = append(out, c)
	}
	return out
}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("encoding") != "json" {
		s.mu.Lock()
		s.violateLocked("GET", "/gateway-ws?"+r.URL.RawQuery, "gateway", nil, "gateway URL without encoding=json")
		s.mu.Unlock()
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "closed", http.StatusServiceUnavailable)
		return
	}
	s.gwWG.Add(1)
	s.mu.Unlock()
	defer s.gwWG.Done()
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{ws: ws}
	s.mu.Lock()
	s.conns[c] = true
	s.opened++
	s.notifyLocked()
	s.mu.Unlock()
	defer func() {
		c.close()
		s.mu.Lock()
		delete(s.conns, c)
		s.notifyLocked()
		s.mu.Unlock()
	}()
	if err := c.write(map[string]any{"op": opHello, "d": map[string]any{"heartbeat_interval": s.opts.HeartbeatInterval.Milliseconds()}}); err != nil {
		return
	}
	for {
		_, msg, err := ws.ReadMessage()
		if err != nil {
			return
		}
		var p gwPayload
		if err := json.Unmarshal(msg, &p); err != nil {
			c.closeWith(4002, "Error while decoding payload.")
			return
		}
		switch p.Op {
		case opHeartbeat:
			s.mu.Lock()
			s.heartbeats++
			ack := !s.noACK
			s.notifyLocked()
			s.mu.Unlock()
			if ack {
				if err := c.write(map[string]any{"op": opHeartbeatACK}); err != nil {
					return
				}
			}
		case opIdentify:
			if !s.identify(c, p.D) {
				return
			}
		case opResume:
			if !s.resume(c, p.D) {
				return
			}
		case opPresenceUpdate, opVoiceState, opRequestMembers:
			// accepted and ignored
		default:
			c.closeWith(4001, "Unknown opcode.")
			return
		}
	}
}

func (s *Server) identify(c *gwConn, d json.RawMessage) bool {
	var id struct {
		Token   string           `json:"token"`
		Intents discordgo.Intent `json:"intents"`
	}
	if err := json.Unmarshal(d, &id); err != nil {
		c.closeWith(4002, "Error while decoding payload.")
		return false
	}
	s.mu.Lock()
	s.identifyAttempts++
	s.notifyLocked()
	s.mu.Unlock()
	if c.isReady() {
		c.closeWith(4005, "Already authenticated.")
		return false
	}
	if !s.tokenOK(id.Token) {
		c.closeWith(4004, "Authentication failed.")
		return false
	}
	s.mu.Lock()
	refuse, reason := s.identifyClose, s.identifyReason
	s.mu.Unlock()
	if refuse != 0 {
		c.closeWith(refuse, reason)
		return false
	}
	if id.Intents&privilegedIntents&^s.opts.AllowedIntents != 0 {
		c.closeWith(4014, "Disallowed intent(s).")
		return false
	}
	s.mu.Lock()
	s.identifies++
	sess := &gwSession{id: "fake-session-" + strconv.Itoa(s.identifies)}
	s.sessions[sess.id] = sess
	var guilds []map[string]any
	for _, g := range s.opts.Guilds {
		guilds = append(guilds, map[string]any{"id": g, "unavailable": true})
	}
	if guilds == nil {
		guilds = []map[string]any{}
	}
	s.mu.Unlock()
	c.mu.Lock()
	c.session = sess
	c.mu.Unlock()
	ready, _ := json.Marshal(map[string]any{
		"v":                  10,
		"user":               map[string]any{"id": s.opts.BotUserID, "username": "armswatch-test", "discriminator": "0000", "bot": true},
		"session_id":         sess.id,
		"resume_gateway_url": s.GatewayURL(),
		"application":        map[string]any{"id": s.opts.AppID, "flags": 0},
		"guilds":             guilds,
		"private_channels":   []any{},
	})
	if err := s.sendDispatch(c, "READY", ready); err != nil {
		return false
	}
	c.mu.Lock()
	c.ready = true
	c.mu.Unlock()
	s.mu.Lock()
	s.notifyLocked()
	s.mu.Unlock()
	return true
}

func (s *Server) resume(c *gwConn, d json.RawMessage) bool {
	var rs struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if err := json.Unmarshal(d, &rs); err != nil {
		c.closeWith(4002, "Error while decoding payload.")
		return false
	}
	if !s.tokenOK(rs.Token) {
		c.closeWith(4004, "Authentication failed.")
		return false
	}
	s.mu.Lock()
	sess := s.sessions[rs.SessionID]
	s.mu.Unlock()
	if sess == nil {
		// Not resumable: the client must identify again.
		return c.write(map[string]any{"op": opInvalidSession, "d": false}) == nil
	}
	c.mu.Lock()
	c.session = sess
	c.mu.Unlock()
	if err := s.sendDispatch(c, "RESUMED", json.RawMessage(`{}`)); err != nil {
		return false
	}
	c.mu.Lock()
	c.ready = true
	c.mu.Unlock()
	s.mu.Lock()
	s.resumes++
	s.notifyLocked()
	s.mu.Unlock()
	return true
}

// sendDispatch sends an op 0 event with the session's next sequence number.
func (s *Server) sendDispatch(c *gwConn, typ string, d json.RawMessage) error {
	c.mu.Lock()
	sess := c.session
	c.mu.Unlock()
	if sess == nil {
		return fmt.Errorf("no session on this connection")
	}
	s.mu.Lock()
	sess.seq++
	seq := sess.seq
	s.mu.Unlock()
	return c.write(gwPayload{Op: opDispatch, T: typ, S: &seq, D: d})
}

// Connections is the number of open gateway connections.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// GatewayReady reports whether some open connection has identified or
// resumed.
func (s *Server) GatewayReady() bool {
	s.mu.Lock()
	conns := s.connList()
	s.mu.Unlock()
	for _, c := range conns {
		if c.isReady() {
			return true
		}
	}
	return false
}

// Counters of gateway activity: connections opened, IDENTIFYs received
// (each counts against Discord's daily limit), IDENTIFYs accepted, RESUMEs
// accepted, heartbeats received.
func (s *Server) Opened() int           { return s.counter(&s.opened) }
func (s *Server) IdentifyAttempts() int { return s.counter(&s.identifyAttempts) }
func (s *Server) Identifies() int       { return s.counter(&s.identifies) }
func (s *Server) Resumes() int          { return s.counter(&s.resumes) }
func (s *Server) Heartbeats() int       { return s.counter(&s.heartbeats) }

func (s *Server) counter(p *int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return *p
}

// DropConnections closes every gateway connection at the TCP level,
// without a close frame, as a network failure would.
func (s *Server) DropConnections() {
	s.mu.Lock()
	conns := s.connList()
	s.mu.Unlock()
	for _, c := range conns {
		c.close()
	}
}

// CloseConnections closes every gateway connection with a close frame
// carrying code (e.g. 4004 Authentication failed, 4014 Disallowed intents).
func (s *Server) CloseConnections(code int, reason string) {
	s.mu.Lock()
	conns := s.connList()
	s.mu.Unlock()
	for _, c := range conns {
		c.closeWith(code, reason)
	}
}

// SendReconnect sends op 7 (Reconnect) on every connection.
func (s *Server) SendReconnect() {
	s.mu.Lock()
	conns := s.connList()
	s.mu.Unlock()
	for _, c := range conns {
		_ = c.write(map[string]any{"op": opReconnect, "d": nil})
	}
}

// SendInvalidSession sends op 9 (Invalid Session) on every connection; if
// not resumable, the sessions are forgotten so that only IDENTIFY works.
func (s *Server) SendInvalidSession(resumable bool) {
	s.mu.Lock()
	conns := s.connList()
	if !resumable {
		s.sessions = map[string]*gwSession{}
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.mu.Lock()
		c.ready = false
		c.mu.Unlock()
		_ = c.write(map[string]any{"op": opInvalidSession, "d": resumable})
	}
}

// SetHeartbeatACKs turns heartbeat acknowledgements on or off (off makes a
// zombie connection).
func (s *Server) SetHeartbeatACKs(on bool) {
	s.mu.Lock()
	s.noACK = !on
	s.mu.Unlock()
}

// CloseOnIdentify makes every IDENTIFY from now on answered by closing the
// connection with code and reason (e.g. 4004 "Authentication failed.", 4014
// "Disallowed intent(s)."); code 0 turns it off. REST is unaffected.
func (s *Server) CloseOnIdentify(code int, reason string) {
	s.mu.Lock()
	s.identifyClose, s.identifyReason = code, reason
	s.mu.Unlock()
}
