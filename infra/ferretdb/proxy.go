package main

// A MongoDB wire-protocol proxy in front of FerretDB that runs write commands one at a time.
//
// Why: FerretDB 1.x executes `update`/`findAndModify` as "query, filter in Go, then UPDATE ... WHERE
// _id = ?" in a separate transaction (internal/handler/msg_update.go, backends/*/collection.go).
// Two concurrent conditional updates of one document can therefore both match and both report
// success, and one of them is lost: measured here, 40 concurrent `$inc` guarded by `{ seats: {
// $lt: 10 } }` all "succeeded" and left seats at 1. MongoDB applies each single-document update
// atomically; the platform's invariants (optimistic versions, seat counts, outbox) rely on that.
// Serialising writes until FerretDB has answered restores it. Reads stay concurrent.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
)

const (
	opReply        = 1
	opQuery        = 2004
	opMsg          = 2013
	maxMessage     = 48 * 1024 * 1024
	flagMoreToCome = 1 << 1
)

// Commands that read and then write documents; only these need to be serialised.
var writeCommands = map[string]bool{
	"insert":        true,
	"update":        true,
	"delete":        true,
	"findAndModify": true,
	"findandmodify": true,
}

type writeSerializingProxy struct {
	dial   func() (net.Conn, error)
	writes sync.Mutex
	logger *slog.Logger
}

func (p *writeSerializingProxy) serve(listener net.Listener) error {
	for {
		client, err := listener.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
		go p.handle(client)
	}
}

// handle relays one client connection. The wire protocol is request/response per connection
// (a client sends the next request after the reply), so each request is relayed whole and its
// reply (or replies, while the server sets moreToCome) before the next one is read.
func (p *writeSerializingProxy) handle(client net.Conn) {
	defer client.Close()
	server, err := p.dial()
	if err != nil {
		p.logger.Error("proxy: cannot reach FerretDB", "err", err)
		return
	}
	defer server.Close()

	for {
		request, err := readMessage(client)
		if err != nil {
			return
		}
		write := isWriteCommand(request)
		if write {
			p.writes.Lock()
		}
		err = p.roundTrip(request, client, server)
		if write {
			p.writes.Unlock()
		}
		if err != nil {
			return
		}
	}
}

func (p *writeSerializingProxy) roundTrip(request []byte, client, server net.Conn) error {
	if _, err := server.Write(request); err != nil {
		return err
	}
	if !expectsReply(request) {
		return nil
	}
	for {
		reply, err := readMessage(server)
		if err != nil {
			return err
		}
		if _, err := client.Write(reply); err != nil {
			return err
		}
		if !moreToCome(reply) {
			return nil
		}
	}
}

// readMessage reads one whole message: a little-endian int32 length that counts itself, then the rest.
func readMessage(r io.Reader) ([]byte, error) {
	var header [4]byte
	if _, err := io.ReadFull(r, header[:]); err != nil {
		return nil, err
	}
	length := int(int32(binary.LittleEndian.Uint32(header[:])))
	if length < 16 || length > maxMessage {
		return nil, fmt.Errorf("bad message length %d", length)
	}
	message := make([]byte, length)
	copy(message, header[:])
	if _, err := io.ReadFull(r, message[4:]); err != nil {
		return nil, err
	}
	return message, nil
}

func opCode(message []byte) int32 { return int32(binary.LittleEndian.Uint32(message[12:16])) }

func msgFlags(message []byte) uint32 {
	if len(message) < 20 {
		return 0
	}
	return binary.LittleEndian.Uint32(message[16:20])
}

// expectsReply: legacy OP_QUERY always gets one; OP_MSG unless the client set moreToCome (w:0).
func expectsReply(message []byte) bool {
	switch opCode(message) {
	case opQuery:
		return true
	case opMsg:
		return msgFlags(message)&flagMoreToCome == 0
	default:
		return false
	}
}

func moreToCome(reply []byte) bool {
	return opCode(reply) == opMsg && msgFlags(reply)&flagMoreToCome != 0
}

// isWriteCommand reads the command name: the first key of the OP_MSG body (section kind 0).
func isWriteCommand(message []byte) bool {
	if opCode(message) != opMsg {
		return false
	}
	pos := 20
	for pos < len(message) {
		kind := message[pos]
		switch kind {
		case 0: // body: int32 length, then elements (type byte, cstring key, value)
			keyStart := pos + 1 + 4 + 1
			if keyStart >= len(message) {
				return false
			}
			keyEnd := keyStart
			for keyEnd < len(message) && message[keyEnd] != 0 {
				keyEnd++
			}
			return writeCommands[string(message[keyStart:keyEnd])]
		case 1: // document sequence: int32 size (counts itself), then identifier and documents
			if pos+5 > len(message) {
				return false
			}
			pos += 1 + int(int32(binary.LittleEndian.Uint32(message[pos+1:pos+5])))
		default:
			return false
		}
	}
	return false
}
