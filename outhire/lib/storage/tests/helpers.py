from __future__ import annotations


def s3_client(endpoint: str):
    """A boto3 client of the test S3 server, to look at or spoil objects behind the app."""
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="outhire-test",
        aws_secret_access_key="outhire-test-secret",
    )
