package cloud

import (
	"io"
	"strings"
)

// Object is a stored artifact (an S3 object, a Cloud Storage object, an Azure
// blob), read with ranged reads through the cloud's official client.
type Object struct {
	URI    string
	Size   int64
	Reader io.ReaderAt
}

// MaxObjectsPerArtifact bounds how many objects under one artifact prefix are scanned.
const MaxObjectsPerArtifact = 200

// Selection says which objects under a location a listing keeps (model
// files, data files) and how many at most; the listing stops there.
type Selection struct {
	Keep func(name string) bool
	Max  int
}

// Full reports whether a listing holding n objects has reached the bound.
func (s Selection) Full(n int) bool { return s.Max > 0 && n >= s.Max }

// UnderPrefix reports whether an object key is the artifact itself or lies
// under it as a folder.
func UnderPrefix(key, prefix string) bool {
	return key == prefix || prefix == "" || strings.HasPrefix(key, strings.TrimSuffix(prefix, "/")+"/")
}

// ReadRange fills p from the body of a ranged GET (closing it); a range that
// runs past the end of the object reads short and reports io.EOF, as ReadAt must.
func ReadRange(body io.ReadCloser, p []byte) (int, error) {
	defer body.Close()
	n, err := io.ReadFull(body, p)
	if err == io.ErrUnexpectedEOF {
		err = io.EOF
	}
	return n, err
}
